// One fuzz target per format family (tests/fuzz/CMakeLists.txt builds this file once per family,
// naming the family's registry function in AFTERMATH_FUZZ_FAMILY and a file name for its samples
// in AFTERMATH_FUZZ_FILE_NAME). Each input is scored by every format of the family and read by
// each of its line and document formats.

#include "fuzzdriver.h"
#include "ingest/families.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace aftermath;
    static const std::vector<ingest::Format> family = ingest::AFTERMATH_FUZZ_FAMILY();
    fuzz::scoreAndRead(family, QStringLiteral(AFTERMATH_FUZZ_FILE_NAME), fuzz::bytesOf(data, size));
    return 0;
}
