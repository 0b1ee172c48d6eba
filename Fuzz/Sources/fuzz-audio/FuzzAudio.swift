import AudioFeatures
import FuzzSupport

/// The audio decoder and the log-mel extractor on whatever it decodes (capped at 5 seconds).
@_cdecl("LLVMFuzzerTestOneInput")
func check(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = scratchFile(data, size, suffix: ".wav")
    _ = try? Extractor(ExtractorSpec(.logmelStats, decode: DecodeOptions(maxSeconds: 5))).extract(path)
    return 0
}

@_cdecl("fuzz_audio_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    fuzz(argc, argv, check)
}
