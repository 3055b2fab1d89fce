#include "ingest/families.h"

namespace aftermath::ingest {

std::vector<Format> githubFormats() { return {}; } // WORK IN PROGRESS: replaced by the family's formats

} // namespace aftermath::ingest
