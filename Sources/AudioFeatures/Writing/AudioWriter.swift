internal import CSndFile
import Foundation

/// The containers Tagmine writes (for the demo catalogue and for tests).
public enum AudioContainer: String, Sendable, CaseIterable {
    /// 16-bit PCM WAV.
    case wav
    /// 16-bit FLAC.
    case flac
    /// Ogg Vorbis.
    case ogg
    /// MPEG layer III.
    case mp3

    /// libsndfile's format code for this container and its encoding.
    fileprivate var format: Int32 {
        switch self {
        case .wav: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .flac: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .ogg: return Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
        case .mp3: return Int32(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)
        }
    }
}

/// Writes audio files with libsndfile.
public enum AudioWriter {
    /// Writes `channels` interleaved channels of `samples` (on [-1, 1], clipped beyond) at `sampleRate`
    /// to `path` as `container`; the file is written to a temporary name and renamed into place.
    public static func write(
        _ samples: [Float], channels: Int = 1, sampleRate: Int, to path: String, as container: AudioContainer
    ) throws(AudioError) {
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = container.format
        let partial = path + ".partial"
        guard let file = sf_open(partial, Int32(SFM_WRITE), &info) else {
            throw AudioError(.unreadable, path: path, "cannot write: \(String(cString: sf_strerror(nil)))")
        }
        _ = tagmine_sf_set_clipping(file)
        let frames = samples.count / channels
        let written = samples.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, sf_count_t(frames)) }
        let message = String(cString: sf_strerror(file))
        sf_close(file)
        guard written == frames, rename(partial, path) == 0 else {
            unlink(partial)
            throw AudioError(.unreadable, path: path, "cannot write: \(message)")
        }
    }
}
