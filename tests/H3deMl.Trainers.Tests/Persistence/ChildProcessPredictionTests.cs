using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Persistence;

/// <summary>A model saved in this process is loaded in another one (tests/H3deMl.ModelProbe: a plain
/// <c>new MLContext().Model.Load</c>, no registration call) and predicts bit-identically, from in-memory scans and from files.</summary>
public sealed class ChildProcessPredictionTests
{
    [Fact]
    public void SavedModel_LoadedInAChildProcess_PredictsInMemoryPhantomsBitIdentically()
    {
        var ml = new MLContext(seed: 1);
        ScanInput[] inputs = PersistenceKit.Phantoms(ml, 2, seed: 21).Inputs(ml);
        string[] here = PersistenceKit.Lines(ml, PersistenceKit.Model, inputs);

        string[] child = ModelProbe.PredictPhantoms(PersistenceKit.ZipPath, 2, 21, PersistenceKit.Size);

        Assert.Equal(2, here.Length);
        Assert.StartsWith("phantom000 ", here[0], StringComparison.Ordinal);
        Assert.NotEqual(here[0], here[1]);
        Assert.Equal(here, child);
    }

    [Fact]
    public void SavedModel_LoadedInAChildProcess_PredictsScanFilesBitIdentically()
    {
        var ml = new MLContext(seed: 1);
        string[] paths = [.. PersistenceKit.Phantoms(ml, 2, seed: 22).Inputs(ml).Select(input =>
        {
            string path = PersistenceKit.TempPath(".nii.gz");
            input.Volume!.Write(path);
            return path;
        })];
        string[] here = PersistenceKit.Lines(ml, ml.Model.Load(PersistenceKit.ZipPath, out _), paths.Select(p => new ScanInput { ScanPath = p }));

        string[] child = ModelProbe.PredictFiles(PersistenceKit.ZipPath, paths);

        Assert.Equal(2, child.Length);
        Assert.Equal(here, child);
    }
}
