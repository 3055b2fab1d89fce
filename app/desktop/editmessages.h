#pragma once

#include "model/error.h"

#include <QString>

namespace aftermath::desktop {

// What to tell a person whose edit the store refused: a refused value is about what they typed, so
// the message alone says it ("an action item needs a description"); anything else is about the
// store, so its file is named too.
inline QString editErrorText(const Error& error)
{
    return error.code == Error::Code::InvalidArgument ? error.message : error.toString();
}

} // namespace aftermath::desktop
