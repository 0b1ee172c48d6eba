internal import CSoxr

/// Sample-rate conversion with libsoxr's high-quality recipe (`SOXR_HQ`), which is what librosa's
/// default `res_type="soxr_hq"` runs.
public enum Resampler {
    /// `clip` at `rate`, with librosa's output length: `ceil(n · rate / clip.sampleRate)` samples,
    /// the resampler's own output padded with zeros or cut to it (librosa's `fix_length`).
    public static func resample(_ clip: AudioClip, to rate: Int, path: String = "") throws(AudioError) -> AudioClip {
        if clip.sampleRate == rate || clip.samples.isEmpty { return AudioClip(samples: clip.samples, sampleRate: rate) }
        let ratio = Double(rate) / Double(clip.sampleRate)
        let length = Int((Double(clip.samples.count) * ratio).rounded(.up))

        var error: soxr_error_t?
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
        guard let soxr = soxr_create(Double(clip.sampleRate), Double(rate), 1, &error, &io, &quality, nil) else {
            throw AudioError(.resampling, path: path, "libsoxr: \(error.map { String(cString: $0) } ?? "cannot start")")
        }
        defer { soxr_delete(soxr) }

        // One call with all the input, then calls with none to flush the filter's tail.
        var output = [Float](repeating: 0, count: length + 64)
        var produced = 0
        var input: UnsafeRawPointer?
        var remaining = clip.samples.count
        try clip.samples.withUnsafeBufferPointer { (samples) throws(AudioError) in
            input = UnsafeRawPointer(samples.baseAddress)
            while produced < output.count {
                var consumed = 0, done = 0
                error = output.withUnsafeMutableBufferPointer {
                    soxr_process(
                        soxr, input, remaining, &consumed, UnsafeMutableRawPointer($0.baseAddress! + produced),
                        $0.count - produced, &done)
                }
                if let error { throw AudioError(.resampling, path: path, "libsoxr: \(String(cString: error))") }
                produced += done
                if input != nil {
                    remaining -= consumed
                    input = remaining > 0 ? input! + consumed * MemoryLayout<Float>.stride : nil
                } else if done == 0 {
                    break
                }
            }
        }
        output.removeSubrange(min(produced, length)...)
        output.append(contentsOf: repeatElement(0, count: length - output.count))
        return AudioClip(samples: output, sampleRate: rate)
    }
}
