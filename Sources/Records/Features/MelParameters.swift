/// The reference `power_to_db` divides by.
public enum DecibelReference: Sendable, Equatable, Codable {
    /// A fixed power (librosa's default `ref=1.0`).
    case value(Double)
    /// The spectrogram's own maximum (`ref=np.max`): 0 dB at the loudest bin.
    case max
}

/// The parameters of a log-mel spectrogram, named and defaulted as librosa names and defaults them.
public struct MelParameters: Sendable, Equatable, Codable {
    /// Analysis sample rate in Hz (`sr`); audio at another rate is resampled.
    public var sampleRate = 22_050
    /// FFT size and window length (`n_fft`).
    public var nFFT = 2_048
    /// Samples between frames (`hop_length`).
    public var hop = 512
    /// Number of mel bands (`n_mels`).
    public var mels = 128
    /// Lowest filter edge in Hz (`fmin`).
    public var fmin = 0.0
    /// Highest filter edge in Hz (`fmax`); `nil` is `sampleRate / 2`.
    public var fmax: Double?
    /// Slaney or HTK mel formula (`htk`).
    public var scale = MelScale.slaney
    /// Filter normalisation (`norm`).
    public var norm = MelNorm.slaney
    /// `power_to_db`'s `ref`.
    public var reference = DecibelReference.value(1)
    /// `power_to_db`'s `amin`: the floor below which power counts as `amin`.
    public var amin = 1e-10
    /// `power_to_db`'s `top_db`: the dynamic range kept below the maximum; `nil` keeps all.
    public var topDB: Double? = 80

    /// librosa's defaults.
    public init() {}

    /// The upper filter edge in force.
    public var upperFrequency: Double { fmax ?? Double(sampleRate) / 2 }

    /// Problems with these parameters, as sentences; empty when they are usable.
    public var problems: [String] {
        var problems: [String] = []
        if !(1_000...192_000).contains(sampleRate) { problems.append("sample rate must be 1000–192000 Hz") }
        if nFFT < 16 || nFFT > 65_536 || nFFT % 2 != 0 { problems.append("n_fft must be an even number 16–65536") }
        if hop < 1 || hop > nFFT * 4 { problems.append("hop must be 1 to 4 × n_fft") }
        if mels < 1 || mels > 512 { problems.append("mels must be 1–512") }
        if fmin < 0 || fmin >= upperFrequency { problems.append("fmin must be ≥ 0 and below fmax") }
        if upperFrequency > Double(sampleRate) / 2 { problems.append("fmax must be at most sr / 2") }
        if !(amin > 0) { problems.append("amin must be positive") }
        if case .value(let ref) = reference, !(ref > 0 && ref.isFinite) {
            problems.append("ref must be a positive number or max")
        }
        if let topDB, !(topDB >= 0) { problems.append("top_db must be ≥ 0") }
        return problems
    }
}

/// The mel scale's formula.
public enum MelScale: String, Sendable, Codable, CaseIterable {
    /// Slaney's Auditory Toolbox scale: linear below 1 kHz, logarithmic above (librosa's default).
    case slaney
    /// The HTK formula `2595 · log10(1 + f / 700)`.
    case htk
}

/// How each triangular filter is scaled.
public enum MelNorm: String, Sendable, Codable, CaseIterable {
    /// Each filter divided by its width in Hz (constant energy per band; librosa's `norm="slaney"`).
    case slaney
    /// Peak 1 (librosa's `norm=None`).
    case none
}
