import FuzzSupport
import TextMining

/// Every polarity lexicon format.
@_cdecl("LLVMFuzzerTestOneInput")
func check(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = scratchFile(data, size, suffix: ".lexicon")
    for format in LexiconFormat.allCases { _ = try? PolarityLexicon.load(path: path, format: format) }
    _ = try? PolarityLexicon.load(path: path)
    return 0
}

@_cdecl("fuzz_lexicon_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    fuzz(argc, argv, check)
}
