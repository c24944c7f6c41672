using H3deMl.Tensors;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.Serialization;
using H3deMl.TestKit;
using H3deMl.Trainers.Import;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Tests.Network;
using H3deMl.Transforms.Intensity;
using H3deMl.Transforms.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Tests.Import;

/// <summary>
/// <see cref="H3deNet.ImportPyTorchCheckpoint(string, H3deNetArchitecture)"/> on real torch.save files (PyTorch 1.13):
/// the parity network's checkpoint reproduces PyTorch's outputs; variants (DataParallel prefix, bare state dict,
/// reference-like anchor checkpoint with unused modules, optimiser state and argparse args) load the same weights;
/// mismatches are reported all at once.
/// </summary>
public sealed class CheckpointImportTests
{
    private static string SmallBothCheckpoint => Path.Combine(NetworkFixtures.Folder, "small_both.ckpt");

    [Fact]
    public void Import_ReferenceStyleCheckpoint_ReproducesPyTorchOutputs()
    {
        var c = NetworkFixtures.Case("small_both");
        var net = H3deNet.ImportPyTorchCheckpoint(SmallBothCheckpoint, NetworkFixtures.Architecture(c));
        Assert.Equal(c.GetProperty("parameters").GetInt64(), net.ParameterCount);

        var output = net.Forward(NetworkFixtures.ReadTensor("small_both_input.npy"));

        AssertClose(output.Heatmap!, NetworkFixtures.ReadTensor("small_both_heatmap.npy"), "imported small_both heatmap");
        AssertClose(output.Anchors!, NetworkFixtures.ReadTensor("small_both_anchors.npy"), "imported small_both anchors");
    }

    [Fact]
    public void Import_ReferenceStyleCheckpoint_EqualsSafetensorsWeights()
    {
        var net = H3deNet.ImportPyTorchCheckpoint(SmallBothCheckpoint, NetworkFixtures.Architecture(NetworkFixtures.Case("small_both")));
        ImportFixtures.AssertWeightsEqual(net, Path.Combine(NetworkFixtures.Folder, "small_both.safetensors"));
    }

    [Fact]
    public void Import_DataParallelPrefix_StripsPrefixAndReproducesPyTorchOutputs()
    {
        var net = H3deNet.ImportPyTorchCheckpoint(ImportFixtures.File("small_both_dataparallel.ckpt"), NetworkFixtures.Architecture(NetworkFixtures.Case("small_both")));
        ImportFixtures.AssertWeightsEqual(net, Path.Combine(NetworkFixtures.Folder, "small_both.safetensors"));
        var output = net.Forward(NetworkFixtures.ReadTensor("small_both_input.npy"));
        AssertClose(output.Heatmap!, NetworkFixtures.ReadTensor("small_both_heatmap.npy"), "DataParallel small_both heatmap");
    }

    [Fact]
    public void Import_NoArchitecture_InfersShapesAndHeadFromTheWeights()
    {
        var net = H3deNet.ImportPyTorchCheckpoint(SmallBothCheckpoint);
        var a = net.Architecture;
        var expected = NetworkFixtures.Architecture(NetworkFixtures.Case("small_both"));
        Assert.Equal(H3deHead.Both, a.Head);
        Assert.Equal(expected.StageWidths, a.StageWidths);
        Assert.Equal(expected.StageDepths, a.StageDepths);
        Assert.Equal(expected.LandmarkCount, a.LandmarkCount);
        Assert.Equal(expected.StemWidth, a.StemWidth);
        Assert.Equal(expected.HalfResolutionWidth, a.HalfResolutionWidth);
        Assert.Equal(expected.FullResolutionWidth, a.FullResolutionWidth);
        Assert.Equal(expected.LepeKernel, a.LepeKernel);
        Assert.Equal(expected.MlpRatio, a.MlpRatio);
        // Windows and top-k leave no trace in the weights: the reference values are used.
        Assert.Equal(H3deNetArchitecture.Reference.Windows, a.Windows);
        Assert.Equal(H3deNetArchitecture.Reference.TopK, a.TopK);
        ImportFixtures.AssertWeightsEqual(net, Path.Combine(NetworkFixtures.Folder, "small_both.safetensors"));
    }

    [Fact]
    public void Import_BareStateDict_LoadsEveryTensor()
    {
        var net = H3deNet.ImportPyTorchCheckpoint(ImportFixtures.File("tiny_bare.ckpt"), ImportFixtures.Tiny(H3deHead.Both));
        ImportFixtures.AssertWeightsEqual(net, ImportFixtures.File("tiny.safetensors"));
    }

    [Fact]
    public void Import_BareStateDictHeatmapHead_ReportsTheAnchorHeadAsUnexpected()
    {
        var e = Assert.Throws<StateDictMismatchException>(() => H3deNet.ImportPyTorchCheckpoint(ImportFixtures.File("tiny_bare.ckpt"), ImportFixtures.Tiny(H3deHead.Heatmap)));
        Assert.Equal(["pre_layer.weight", "pre_layer.bias"], e.UnexpectedKeys);
        Assert.Contains("import it with the Anchors head", e.Message);
    }

    [Fact]
    public void Import_ReferenceAnchorCheckpoint_SkipsKnownUnusedModules()
    {
        var path = ImportFixtures.File("tiny_anchor_reference.ckpt");
        var report = H3deNetCheckpointImport.Import(path, ImportFixtures.Tiny(H3deHead.Anchors), null);

        ImportFixtures.AssertWeightsEqual(report.Network, ImportFixtures.File("tiny.safetensors"));
        Assert.Equal("['state_dict']", report.StateDictLocation);
        var ignoredModules = report.IgnoredTensors.Select(n => n[..n.IndexOf('.')]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["c1", "c2", "early_down1", "early_down2", "final_conv", "head", "norm", "up3", "up4"], ignoredModules);
        Assert.Contains("norm.num_batches_tracked", report.IgnoredTensors);
        Assert.Contains("norm.running_var", report.IgnoredTensors);
        Assert.Equal(report.Network.NamedParameters().Count(), report.LoadedTensors);
    }

    [Fact]
    public void Import_ReferenceAnchorCheckpointWithoutArchitecture_InfersTheAnchorHead()
    {
        var net = H3deNet.ImportPyTorchCheckpoint(ImportFixtures.File("tiny_anchor_reference.ckpt"));
        Assert.Equal(H3deHead.Anchors, net.Architecture.Head);
        Assert.Equal(2, net.Architecture.LandmarkCount);
        Assert.Equal([1, 0, 1, 0], net.Architecture.StageDepths);
        ImportFixtures.AssertWeightsEqual(net, ImportFixtures.File("tiny.safetensors"));
    }

    [Fact]
    public void Import_ReferenceAnchorCheckpoint_ReadsOptimizerStateAndArgsAsInertValues()
    {
        using var checkpoint = TorchCheckpoint.Open(ImportFixtures.File("tiny_anchor_reference.ckpt"));
        var root = Assert.IsType<PickleDict>(checkpoint.Root);
        Assert.True(root.TryGet("epoch", out var epoch));
        Assert.Equal(17L, epoch);
        Assert.True(root.TryGet("args", out var args));
        var record = Assert.IsType<PickleRecord>(args);
        Assert.Equal("argparse.Namespace", record.Type.FullName);
        Assert.True(record.Attributes.TryGet("big", out var big));
        Assert.Equal(1L << 40, big);
        Assert.True(record.Attributes.TryGet("lr", out var lr));
        Assert.Equal(1e-3, lr);
        Assert.True(root.TryGet("optimizer", out var optimizer));
        var groups = Assert.IsType<PickleDict>(optimizer).TryGet("param_groups", out var g) ? Assert.IsType<List<object?>>(g) : null;
        var group = Assert.IsType<PickleDict>(Assert.Single(groups!));
        Assert.True(group.TryGet("betas", out var betas));
        Assert.Equal([0.9, 0.98], Assert.IsType<PickleTuple>(betas).Items.Cast<double>());
    }

    [Fact]
    public void Import_RenamedAndMisShapedTensors_OneMessageListsBoth()
    {
        var path = ImportFixtures.File("tiny_mismatch.ckpt");
        var e = Assert.Throws<StateDictMismatchException>(() => H3deNet.ImportPyTorchCheckpoint(path, ImportFixtures.Tiny(H3deHead.Both)));

        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ":", e.Message);
        Assert.Equal(["final_conv.weight"], e.MissingKeys);
        Assert.Equal(["final_conv.weights"], e.UnexpectedKeys);
        var m = Assert.Single(e.MismatchedShapes);
        Assert.Equal("pre_layer.bias", m.Key);
        Assert.Equal([20], m.ExpectedShape);
        Assert.Equal([19], m.FoundShape);
        Assert.Contains("1 missing, 1 unexpected, 1 with another shape", e.Message);
        Assert.Contains("missing: final_conv.weight [2, 8, 1, 1, 1]", e.Message);
        Assert.Contains("unexpected: final_conv.weights [2, 8, 1, 1, 1]", e.Message);
        Assert.Contains("shape mismatch: pre_layer.bias is [20] in the network but [19] in the checkpoint", e.Message);
    }

    [Fact]
    public void Import_WrongLandmarkCount_ListsEveryMisShapedTensorWithBothShapes()
    {
        var wrong = NetworkFixtures.Architecture(NetworkFixtures.Case("small_both")) with { LandmarkCount = 5 };
        var e = Assert.Throws<StateDictMismatchException>(() => H3deNet.ImportPyTorchCheckpoint(SmallBothCheckpoint, wrong));
        Assert.Equal(["final_conv.weight", "final_conv.bias", "pre_layer.weight", "pre_layer.bias"], e.MismatchedShapes.Select(m => m.Key));
        Assert.Contains("final_conv.weight is [5, 8, 1, 1, 1] in the network but [3, 8, 1, 1, 1] in the checkpoint", e.Message);
        Assert.Empty(e.MissingKeys);
        Assert.Empty(e.UnexpectedKeys);
    }

    [Fact]
    public void ModelImport_IsACompleteChain_WithTheReferencePreprocessingAndWindow()
    {
        var ml = new MLContext(1);
        TransformerChain<H3deNetModel> chain = ml.Model.ImportPyTorchCheckpoint(ImportFixtures.File("tiny_bare.ckpt"), new PyTorchImportOptions { Head = H3deHead.Both, LandmarkNames = ["left", "right"] });

        ITransformer[] steps = [.. chain];
        Assert.Equal(3, steps.Length);
        Assert.IsType<VolumeLoadingTransformer>(steps[0]);
        IntensityNormalizingOptions normalize = Assert.IsType<IntensityNormalizingTransformer>(steps[1]).Options;
        Assert.Equal(IntensityNormalizationMode.Window, normalize.Mode);
        Assert.Equal((0f, 255f, 0f, 1f), (normalize.WindowMin, normalize.WindowMax, normalize.OutputMin, normalize.OutputMax));
        Assert.Same(steps[2], chain.LastTransformer);
        Assert.Equal([128, 128, 64], chain.LastTransformer.Options.WindowSize);
        Assert.Equal(0.5, chain.LastTransformer.PresenceThreshold);
        Assert.Equal("tiny_bare.ckpt", chain.LastTransformer.Options.TrainingSummary["importedFrom"]);
        Assert.Equal(["left", "right"], chain.GetLandmarkNames());
        ImportFixtures.AssertWeightsEqual(chain.LastTransformer.Model, ImportFixtures.File("tiny.safetensors"));
    }

    [Fact]
    public void ModelImport_OtherWindowAndIntensities_AreKept()
    {
        var ml = new MLContext(1);
        var chain = ml.Model.ImportPyTorchCheckpoint(ImportFixtures.File("tiny_bare.ckpt"), new PyTorchImportOptions { WindowMin = -1000, WindowMax = 2000, OutputMax = 2, WindowSize = [32, 32, 16] });
        IntensityNormalizingOptions normalize = Assert.IsType<IntensityNormalizingTransformer>(chain.ElementAt(1)).Options;
        Assert.Equal((-1000f, 2000f, 2f), (normalize.WindowMin, normalize.WindowMax, normalize.OutputMax));
        Assert.Equal([32, 32, 16], chain.LastTransformer.Options.WindowSize);
        Assert.Equal(["landmark1", "landmark2"], chain.GetLandmarkNames());
    }

    [Fact]
    public void ModelImport_SaveAndLoad_KeepsTheChainWeightsArchitectureAndNames()
    {
        var ml = new MLContext(1);
        var model = ml.Model.ImportPyTorchCheckpoint(ImportFixtures.File("tiny_bare.ckpt"), new PyTorchImportOptions { Head = H3deHead.Both, LandmarkNames = ["left", "right"] });
        using var stream = new MemoryStream();
        ml.Model.Save(model, ml.Data.LoadFromEnumerable(Array.Empty<ScanInput>()).Schema, stream);
        stream.Position = 0;

        ITransformer loaded = new MLContext(2).Model.Load(stream, out _);

        ITransformer[] steps = [.. Assert.IsAssignableFrom<IEnumerable<ITransformer>>(loaded)];
        Assert.Equal(3, steps.Length);
        Assert.IsType<VolumeLoadingTransformer>(steps[0]);
        Assert.Equal(255f, Assert.IsType<IntensityNormalizingTransformer>(steps[1]).Options.WindowMax);
        H3deNetModel step = Assert.IsType<H3deNetModel>(steps[2]);
        Assert.Equal(["left", "right"], step.LandmarkNames);
        Assert.Equal([128, 128, 64], step.Options.WindowSize);
        Assert.Equal(model.LastTransformer.Model.Architecture.StageDepths, step.Model.Architecture.StageDepths);
        Assert.Equal(H3deHead.Both, step.Model.Architecture.Head);
        ImportFixtures.AssertWeightsEqual(step.Model, ImportFixtures.File("tiny.safetensors"));
    }

    [Fact]
    public void ModelImport_WrongNameCount_ThrowsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => new MLContext(1).Model.ImportPyTorchCheckpoint(ImportFixtures.File("tiny_bare.ckpt"), new PyTorchImportOptions { Head = H3deHead.Both, LandmarkNames = ["one"] }));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("has 2 landmarks but 1 names were given", e.Message);
    }

    [Fact]
    public void Import_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => H3deNet.ImportPyTorchCheckpoint(ImportFixtures.File("no_such.ckpt")));
    }

    private static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        Tolerance.AssertAllClose(actual.ToArray(), expected.ToArray(), expected.Shape, Tolerance.ApproxRtol, what: what);
    }
}
