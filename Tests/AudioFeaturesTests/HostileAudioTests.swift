import AudioFeatures
import Foundation
import TagmineTestSupport
import Testing

/// A 16-bit PCM WAV header with whatever the fields claim, followed by `data` bytes.
private func wav(rate: UInt32, channels: UInt16, dataBytes: UInt32, actual: Data) -> Data {
    var header = Data("RIFF".utf8)
    func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { header.append(contentsOf: $0) }
    }
    append(UInt32(36) &+ dataBytes)
    header += Data("WAVEfmt ".utf8)
    append(UInt32(16))
    append(UInt16(1))
    append(channels)
    append(rate)
    append(rate &* UInt32(channels) &* 2)
    append(channels &* 2)
    append(UInt16(16))
    header += Data("data".utf8)
    append(dataBytes)
    return header + actual
}

@Suite struct HostileAudioTests {
    @Test(arguments: [(UInt32(1), UInt16(1)), (10_000_000, 1), (22_050, 255)])
    func absurdHeadersAreRefusedNotDecoded(rate: UInt32, channels: UInt16) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write(
            "odd.wav", wav(rate: rate, channels: channels, dataBytes: 4_096, actual: Data(count: 4_096)))
        let error = #expect(throws: AudioError.self) { _ = try AudioDecoder.decode(path) }
        #expect([.outOfRange, .corrupt, .unsupportedFormat].contains(error?.code), "\(String(describing: error))")
    }

    @Test func aHeaderClaimingTwoBillionFramesIsTruncationNotAnAllocation() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write(
            "liar.wav", wav(rate: 22_050, channels: 1, dataBytes: UInt32.max - 64, actual: Data(count: 88_200)))
        let error = #expect(throws: AudioError.self) {
            _ = try AudioDecoder.decode(path, options: DecodeOptions(maxSeconds: nil))
        }
        #expect(error?.code == .truncated)
    }

    @Test func aTenHourFileIsReadOnlyUpToTheCap() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("long.wav")
        let rate: UInt32 = 8_000, bytes = rate * 2 * 36_000
        // A sparse file: ten hours of silence that take no disk space.
        try wav(rate: rate, channels: 1, dataBytes: bytes, actual: Data()).write(to: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(44 + bytes))
        try handle.close()

        let (clip, info) = try AudioDecoder.decode(path, options: DecodeOptions(maxSeconds: 30))

        #expect(info.duration == 36_000 && clip.samples.count == 30 * Int(rate))
    }
}
