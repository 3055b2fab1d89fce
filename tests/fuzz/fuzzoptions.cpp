// Sanitizer settings built into every fuzzer, so that a run by hand behaves like the smoke tests:
// undefined behaviour stops the run (libFuzzer then saves the input) with a symbolized stack
// trace, and ubsan.supp names the findings that are known and not fixed yet. tests/fuzz/
// CMakeLists.txt spells them out; UBSAN_OPTIONS and ASAN_OPTIONS in the environment still win.

extern "C" const char* __ubsan_default_options() { return AFTERMATH_FUZZ_UBSAN_OPTIONS; }
extern "C" const char* __asan_default_options() { return AFTERMATH_FUZZ_ASAN_OPTIONS; }
