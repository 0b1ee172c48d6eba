import Foundation
import FuzzSupport
import Pretrained

/// The TensorFlow checkpoint index reader (and every tensor it lists) and Tagmine's pretrained
/// model file reader, on the same input.
@_cdecl("LLVMFuzzerTestOneInput")
func check(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    // A zeroed data shard, large enough for the index's offsets to land in.
    if let bundle = try? TensorBundle(index: bytes, data: Data(count: 1 << 16), name: "fuzz") {
        for name in bundle.tensorNames { _ = try? bundle.tensor(name) }
    }
    _ = try? PretrainedModelFile.read(scratchFile(data, size, suffix: ".tagmine-pretrained"))
    return 0
}

@_cdecl("fuzz_pretrained_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    fuzz(argc, argv, check)
}
