import FuzzSupport
import TextMining

/// The TOML keyword-map loader.
@_cdecl("LLVMFuzzerTestOneInput")
func check(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? KeywordMap.load(path: scratchFile(data, size, suffix: ".toml"))
    return 0
}

@_cdecl("fuzz_keyword_map_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    fuzz(argc, argv, check)
}
