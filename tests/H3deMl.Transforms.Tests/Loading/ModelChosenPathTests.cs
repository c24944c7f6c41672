using System.IO.Compression;
using System.Text;
using H3deMl.Transforms.Loading;
using Microsoft.ML;

namespace H3deMl.Transforms.Tests.Loading;

/// <summary>A model file cannot choose where the library writes (issue 15, item 4): LoadVolume's cache directory is the
/// caller's, never saved, and ignored when a tampered model carries one.</summary>
public sealed class ModelChosenPathTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "h3de-modelpath-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public void Save_LoadVolumeWithCache_DoesNotSaveTheCacheDirectory()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.GeneratePhantoms(1, seed: 1);
        ITransformer model = ml.Transforms.LoadVolume(cacheDirectory: Path.Combine(_folder, "cache")).Fit(data);
        using var zip = new MemoryStream();
        ml.Model.Save(model, data.Schema, zip);
        Assert.DoesNotContain("cache", LoadVolumeEntryText(zip.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ModelWhoseEntryNamesACacheDirectory_NeitherKeepsNorCreatesIt()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.GeneratePhantoms(1, seed: 1);
        using var zip = new MemoryStream();
        ml.Model.Save(ml.Transforms.LoadVolume().Fit(data), data.Schema, zip);
        Assert.False(Directory.Exists("/t"), "the test needs /t not to exist");
        // "CacheDirectory":null → "CacheDirectory":"/t": same length, so the entry stays well formed.
        byte[] tampered = ReplaceInLoadVolumeEntry(zip.ToArray(), "\"CacheDirectory\":null", "\"CacheDirectory\":\"/t\"");
        var loaded = (VolumeLoadingTransformer)ml.Model.Load(new MemoryStream(tampered), out _);
        Assert.Null(loaded.Options.CacheDirectory);
        IDataView scored = loaded.Transform(ml.Data.LoadScans(WriteScan()));
        using (DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema))
        {
            while (cursor.MoveNext())
            {
            }
        }

        Assert.False(Directory.Exists("/t"), "the model chose a folder the library wrote to");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string WriteScan()
    {
        string scans = Path.Combine(_folder, "scans");
        Directory.CreateDirectory(scans);
        (Core.Volumes.Volume volume, Core.Landmarks.LandmarkSet landmarks) = Core.Phantoms.PhantomGenerator.Generate(new Core.Phantoms.PhantomOptions { SizeI = 16, SizeJ = 16, SizeK = 16 }, new Tensors.Randomness.RandomStream(1));
        volume.Write(Path.Combine(scans, "case.nii.gz"));
        landmarks.Write(Path.Combine(scans, "case.mrk.json"));
        return scans;
    }

    private static string LoadVolumeEntryText(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        ZipArchiveEntry entry = archive.Entries.Single(e => e.FullName.EndsWith("Model.key", StringComparison.Ordinal) && Read(e).Contains("CacheDirectory", StringComparison.Ordinal));
        return Read(entry);
    }

    private static byte[] ReplaceInLoadVolumeEntry(byte[] zip, string from, string to)
    {
        var output = new MemoryStream();
        output.Write(zip);
        using (var archive = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            ZipArchiveEntry entry = archive.Entries.Single(e => e.FullName.EndsWith("Model.key", StringComparison.Ordinal) && Read(e).Contains(from, StringComparison.Ordinal));
            byte[] bytes;
            using (var s = entry.Open())
            using (var m = new MemoryStream())
            {
                s.CopyTo(m);
                bytes = m.ToArray();
            }

            string latin = Encoding.Latin1.GetString(bytes);
            Assert.Equal(from.Length, to.Length);
            byte[] changed = Encoding.Latin1.GetBytes(latin.Replace(from, to, StringComparison.Ordinal));
            string name = entry.FullName;
            entry.Delete();
            using Stream w = archive.CreateEntry(name).Open();
            w.Write(changed);
        }

        return output.ToArray();
    }

    private static string Read(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return Encoding.Latin1.GetString(m.ToArray());
    }
}
