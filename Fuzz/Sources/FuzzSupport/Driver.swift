import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// Runs libFuzzer on `callback`. SwiftPM links an executable's entry point as `<module>_main`, so
/// each target defines that symbol and hands over to libFuzzer's driver here.
public func fuzz(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return runDriver(&count, &arguments, callback)
}

/// A scratch file holding the fuzzer's input, for readers that take a path.
public func scratchFile(_ data: UnsafePointer<UInt8>, _ size: Int, suffix: String) -> String {
    let path = NSTemporaryDirectory() + "tagmine-fuzz-\(getpid())\(suffix)"
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    return path
}
