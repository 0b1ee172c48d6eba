import Glibc

/// Converts a byte stream in one encoding to UTF-8 with glibc's iconv, chunk by chunk.
///
/// Incomplete multi-byte sequences at the end of a chunk are carried over to the next one.
public final class Transcoder {
    private let descriptor: iconv_t
    private let encoding: TextEncoding
    private var carry: [UInt8] = []
    /// Line feeds seen in the input converted so far, so that errors can name a line.
    private var linesConsumed = 0

    /// Creates a converter from `encoding` (named `iconvName` for iconv); `file` names errors.
    public init(from encoding: TextEncoding, iconvName: String, file: String) throws(TextMiningError) {
        guard let descriptor = iconv_open("UTF-8", iconvName), descriptor != iconv_t(bitPattern: -1) else {
            throw TextMiningError(
                .invalidEncoding, file: file, "this system's iconv cannot convert from \(iconvName)",
                hint: "Install the glibc locales (Debian: libc-bin) or convert the file to UTF-8 first")
        }
        self.descriptor = descriptor
        self.encoding = encoding
    }

    deinit {
        iconv_close(descriptor)
    }

    /// Converts `input` (after any bytes carried over) and appends the UTF-8 result to `output`.
    /// With `final`, an incomplete trailing sequence is an error rather than carried over.
    public func convert(_ input: ArraySlice<UInt8>, final: Bool, into output: inout [UInt8], file: String)
        throws(TextMiningError)
    {
        var source = carry
        source.append(contentsOf: input)
        carry.removeAll(keepingCapacity: true)
        if source.isEmpty { return }

        var outChunk = [UInt8](repeating: 0, count: source.count * 3 + 16)
        var failure: (offset: Int, errno: Int32)?
        var consumed = 0
        var produced = 0
        source.withUnsafeMutableBufferPointer { inBuffer in
            outChunk.withUnsafeMutableBufferPointer { outBuffer in
                inBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: inBuffer.count) { inBase in
                    outBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: outBuffer.count) { outBase in
                        var inPointer: UnsafeMutablePointer<CChar>? = inBase
                        var inLeft = inBuffer.count
                        var outPointer: UnsafeMutablePointer<CChar>? = outBase
                        var outLeft = outBuffer.count
                        while inLeft > 0 {
                            if iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                                failure = (inBuffer.count - inLeft, errno)
                                break
                            }
                        }
                        consumed = inBuffer.count - inLeft
                        produced = outBuffer.count - outLeft
                    }
                }
            }
        }
        linesConsumed += source[..<consumed].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        output.append(contentsOf: outChunk[..<produced])

        guard let failure else { return }
        if failure.errno == EINVAL && !final {
            carry.append(contentsOf: source[consumed...])
            return
        }
        let bad = source[failure.offset..<min(failure.offset + 2, source.count)]
            .map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
        let what = failure.errno == EINVAL ? "truncated character at end of file" : "bytes \(bad) are not valid"
        throw TextMiningError(
            .invalidEncoding, file: file, line: linesConsumed + 1,
            "\(what) \(encoding.rawValue) text",
            hint: "Check the file's encoding and pass --encoding utf-8, cp932 or utf-16")
    }
}
