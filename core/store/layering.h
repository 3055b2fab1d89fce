#pragma once

// Every header of core/store includes this one. Only targets that link aftermath::store see the
// store: core/workspace, and through it the front ends (docs/architecture.md, "Arrows that must
// never exist"). core/ingest, core/timeline, core/draft and core/report work on values and ports
// in core/model, so a store header there stops the build here, not in review.
#ifndef AFTERMATH_LINKS_STORE
#error                                                                                                                 \
    "core/store is not a dependency of this target: ingest, timeline, draft and report never see the store (docs/architecture.md)"
#endif
