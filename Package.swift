// swift-tools-version:6.1
// Zoetrope: keyframed Stable Diffusion animation on the CPU. Layers and their rules: ../shared/DESIGN.md §1.
import Foundation
import PackageDescription

/// Numerical targets: bounds checks off in release builds, and optimised even in debug builds so
/// the test suite (debug) runs the kernels at a usable speed. On x86-64 they are compiled for
/// AVX2 + FMA (every x86-64 CPU since 2013, DESIGN.md's machine): `SIMD8<Float>` is then one
/// register and the attention micro-kernel fuses its multiply-adds (Kernels/MicroKernel.swift).
/// When the machine that builds the package has AVX-512 (F, BW, DQ, VL), they are compiled for it
/// too, as `-march=native` would (the package is built where it runs), and `ZOETROPE_AVX512`
/// selects the attention micro-kernels of 16-lane registers. `ZOETROPE_ISA=avx2` in the
/// environment of the build gives an AVX2-only build, for binaries that must run elsewhere.
#if arch(x86_64)
let hostHasAVX512: Bool = {
    guard ProcessInfo.processInfo.environment["ZOETROPE_ISA"] != "avx2",
          let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return false }
    let present = Set(flags.split(separator: " ").map(String.init))
    return ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(present.contains)
}()
let vectorISA = ["-Xcc", "-mavx2", "-Xcc", "-mfma"]
    + (hostHasAVX512 ? ["-Xcc", "-mavx512f", "-Xcc", "-mavx512bw", "-Xcc", "-mavx512dq", "-Xcc", "-mavx512vl", "-DZOETROPE_AVX512"] : [])
#else
let vectorISA: [String] = []
#endif
let fast: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked"] + vectorISA, .when(configuration: .release)),
    .unsafeFlags(["-O"] + vectorISA, .when(configuration: .debug)),
]

let package = Package(
    name: "Zoetrope",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "zoetrope", targets: ["zoetrope"]),
        .library(name: "StableDiffusion", targets: ["StableDiffusion"]),
        .library(name: "Animation", targets: ["Animation"]),
        .library(name: "VideoIO", targets: ["VideoIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    ],
    targets: [
        // C system libraries: a modulemap and a shim header each, nothing else.
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CFFmpeg", path: "Sources/CFFmpeg", pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswscale-dev", "libavutil-dev", "libswresample-dev"])]),

        // Numerical core.
        .target(name: "Kernels", dependencies: ["CBLAS"], swiftSettings: fast),
        .target(name: "Tensors", dependencies: ["Kernels"], swiftSettings: fast),
        .target(name: "Layers", dependencies: ["Tensors"], swiftSettings: fast),

        // Loading, text, sampling, models.
        .target(name: "ModelIO", dependencies: ["Tensors", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "Tokenizers", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.copy("Resources")]),
        .target(name: "Samplers", dependencies: ["Tensors"], swiftSettings: fast),
        .target(name: "DiffusionModels", dependencies: ["Layers", "Tensors"], swiftSettings: fast),
        .target(name: "Imaging", swiftSettings: fast),

        // Pipeline, media, animation.
        .target(
            name: "StableDiffusion",
            dependencies: ["DiffusionModels", "Layers", "Samplers", "Tokenizers", "ModelIO", "Tensors", "Imaging"]),
        .target(name: "VideoIO", dependencies: ["CFFmpeg", "Imaging"]),
        .target(name: "Animation", dependencies: ["StableDiffusion", "Samplers", "Imaging", "VideoIO"]),

        // The command-line tool.
        .executableTarget(
            name: "zoetrope",
            dependencies: [
                "Animation", "StableDiffusion", "VideoIO", "Imaging", "ModelIO", "Tokenizers",
                "Samplers", "DiffusionModels", "Tensors", "Kernels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Shared test helpers: assertions, naive reference kernels, fixture loading.
        .target(name: "TestSupport", dependencies: ["Tensors", "Imaging"]),

        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "TestSupport"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "Kernels", "TestSupport"]),
        .testTarget(name: "LayersTests", dependencies: ["Layers", "Tensors", "TestSupport"]),
        .testTarget(name: "ModelIOTests", dependencies: ["ModelIO", "Tensors", "TestSupport"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "TestSupport"]),
        .testTarget(name: "SamplersTests", dependencies: ["Samplers", "Tensors", "TestSupport"]),
        .testTarget(
            name: "DiffusionModelsTests",
            dependencies: ["DiffusionModels", "Layers", "ModelIO", "Tensors", "TestSupport"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"]),
        .testTarget(
            name: "StableDiffusionTests",
            dependencies: [
                "StableDiffusion", "DiffusionModels", "Layers", "Tokenizers", "Samplers", "ModelIO", "Tensors", "Imaging", "TestSupport",
            ]),
        .testTarget(name: "VideoIOTests", dependencies: ["VideoIO", "Imaging", "TestSupport"]),
        .testTarget(
            name: "AnimationTests", dependencies: ["Animation", "StableDiffusion", "Imaging", "VideoIO", "TestSupport"]),
        .testTarget(name: "zoetropeTests", dependencies: ["TestSupport", "VideoIO", "ModelIO", "Imaging", "Tensors"]),
    ]
)
