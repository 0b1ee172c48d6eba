import Foundation
import Store
import TagmineTestSupport
import Testing
import Workflows

@testable import Learning

@Suite struct ArchitectureLibraryTests {
    func shapes(_ name: String, mels: Int = 128, frames: Int = 130) throws -> [MapShape] {
        var random = SeededRandom(seed: 1)
        let stack = try LayerStack(
            try ArchitectureLibrary.architecture(name), input: MapShape(channels: 1, height: mels, width: frames),
            outputs: 10, random: &random)
        return stack.layers.map(\.output)
    }

    @Test func theESC50NetworkHasFourSummedBranchesThenTwoConvolutionsAndAveragePooling() throws {
        let layers = try shapes("esc50")
        // Branch k: 1 × k stride 1 × 2, k × 1 stride 2 × 1, twice: 128 × 130 becomes 32 × 33 with 64 maps.
        #expect(layers[0] == MapShape(channels: 64, height: 32, width: 33))
        var random = SeededRandom(seed: 1)
        let stack = try LayerStack(
            try ArchitectureLibrary.architecture("esc50"), input: MapShape(channels: 1, height: 128, width: 130),
            outputs: 10, random: &random)
        let branches = try #require(stack.layers.first as? ParallelBranches)
        #expect(branches.branches.count == 4)
        let kernels = branches.branches.map {
            $0.compactMap { ($0 as? Convolution).map { [$0.kernel.0, $0.kernel.1] } }
        }
        #expect(kernels.map { $0[0] } == [[1, 8], [1, 16], [1, 32], [1, 64]])
        #expect(kernels[3] == [[1, 64], [64, 1], [1, 64], [64, 1]])
        #expect(branches.branches[0].contains { $0 is BatchNormalization })
        let convolutions = stack.layers.compactMap { $0 as? Convolution }
        #expect(
            convolutions.map(\.output) == [
                MapShape(channels: 128, height: 32, width: 17), MapShape(channels: 128, height: 16, width: 17),
            ])
        #expect(
            layers.suffix(2) == [
                MapShape(channels: 128, height: 1, width: 1), MapShape(channels: 10, height: 1, width: 1),
            ])
    }

    @Test func theCompactDefaultFitsACPUBudget() throws {
        let layers = try shapes("compact")
        #expect(layers.last == MapShape(channels: 10, height: 1, width: 1))
        var random = SeededRandom(seed: 1)
        let stack = try LayerStack(
            try ArchitectureLibrary.architecture("compact"), input: MapShape(channels: 1, height: 128, width: 130),
            outputs: 10, random: &random)
        let weights = stack.layers.flatMap(\.parameters).map(\.values.count).reduce(0, +)
        #expect((90_000..<110_000).contains(weights), "\(weights) weights")
    }

    @Test func filesAreReadAndTheirMistakesNamed() throws {
        let folder = try TemporaryDirectory()
        let mine = try folder.write("mine.toml", try #require(ArchitectureLibrary.text(of: "compact")))
        #expect(try ArchitectureLibrary.architecture(mine) == ArchitectureLibrary.architecture("compact"))
        let broken = try folder.write("broken.toml", "format = 1\n[[block]\nconv = 4\n")
        let error = #expect(throws: StoreError.self) { try ArchitectureLibrary.architecture(broken) }
        #expect(error?.message.hasPrefix("\(broken):2: ") == true, "\(error?.message ?? "")")
        let missing = #expect(throws: StoreError.self) { try ArchitectureLibrary.architecture("resnet") }
        #expect(missing?.message == "no architecture 'resnet': give a built-in (compact, esc50) or a TOML file")
    }
}
