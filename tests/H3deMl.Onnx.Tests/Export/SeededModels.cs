using H3deMl.Tensors;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Onnx.Tests.Export;

/// <summary>Fitted pipelines ending with a seeded (untrained) H3DE-Net.</summary>
internal static class SeededModels
{
    /// <summary>Small, both heads, 4 landmarks: the ONNX Runtime parity configuration.</summary>
    public static H3deNetArchitecture SmallBoth => H3deNetArchitecture.Small with { Head = H3deHead.Both, LandmarkCount = 4 };

    /// <summary>The spatial input size of the parity fixtures (not a multiple of 32, so padding and cropping are exported).</summary>
    public static readonly int[] SmallWindow = [32, 32, 16];

    /// <summary>A model with landmarks L0…L(n−1), presence threshold 0.4, seeded weights; with
    /// <paramref name="withPreprocessing"/> a chain LoadVolume → NormalizeIntensity(−1000, 2000) → CenterCrop(window) → model.</summary>
    public static ITransformer Create(MLContext ml, H3deNetArchitecture architecture, ulong seed, int[] window, bool withPreprocessing = false)
    {
        string[] names = [.. Enumerable.Range(0, architecture.LandmarkCount).Select(i => $"L{i}")];
        var options = new H3deNetModelOptions { Architecture = architecture, LandmarkNames = names, WindowSize = window, PresenceThreshold = 0.4 };
        var model = new H3deNetModel(ml, new H3deNet(architecture, new RandomStream(seed)), options);
        if (!withPreprocessing)
        {
            return model;
        }

        IDataView data = ml.Data.GeneratePhantoms(1, seed: 1);
        TransformerChain<ITransformer> pre = ml.Transforms.LoadVolume()
            .Append<ITransformer>(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append<ITransformer>(ml.Transforms.CenterCrop(window[0], window[1], window[2]))
            .Fit(data);
        return pre.Append<ITransformer>(model);
    }

    /// <summary>The network of a model built by <see cref="Create"/>.</summary>
    public static H3deNet Network(ITransformer model) => model.GetH3deNetModel().Model;

    /// <summary>
    /// The deterministic parity input (shared with Fixtures/ort/generate_ort_fixtures.mjs): element i of the
    /// row-major (batch, 1, A0, A1, A2) tensor is fround(0.8·sin(0.37·i + 1.3·b) + 0.1·cos(0.05·i)) where b is the batch index
    /// and i the index within the sample.
    /// </summary>
    public static Tensor Input(int batch, int[] size)
    {
        var perSample = size[0] * size[1] * size[2];
        var data = new float[batch * perSample];
        for (var b = 0; b < batch; b++)
            for (var i = 0; i < perSample; i++)
                data[b * perSample + i] = (float)(0.8 * Math.Sin(0.37 * i + 1.3 * b) + 0.1 * Math.Cos(0.05 * i));
        return Tensor.FromArray(data, batch, 1, size[0], size[1], size[2]);
    }
}
