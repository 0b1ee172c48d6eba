import Foundation
import FuzzSupport
import Learning

/// The model-file loader, and a prediction with whatever it accepts.
@_cdecl("LLVMFuzzerTestOneInput")
func check(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let model = try? ModelFile.decode(Data(bytes: data, count: size), source: "fuzz") {
        let inputs = model.classifier.standardizer.mean.count
        if inputs < 100_000 { _ = model.classifier.probabilities([Float](repeating: 0.5, count: inputs), rows: 1) }
    }
    return 0
}

@_cdecl("fuzz_model_file_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    fuzz(argc, argv, check)
}
