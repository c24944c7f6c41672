using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using H3deMl.Trainers.Tests.Training;
using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Persistence;

/// <summary>A model zip is untrusted input: a changed weight byte, a removed entry, a version from the future, a truncated
/// file and a zip that is no model are each refused with an exception that says what is wrong.</summary>
public sealed class DamagedModelTests
{
    private const string Weights = "weights.safetensors";

    [Fact]
    public void Load_OneWeightByteFlipped_IsRefusedByTheHash()
    {
        string message = LoadFails(Rewrite(zip => Modify(zip, Weights, bytes => bytes[bytes.Length / 2] ^= 0x10)));
        Assert.Contains($"'{Weights}' does not match the SHA-256 recorded with it", message);
        Assert.Contains("damaged or has been modified", message);
    }

    [Fact]
    public void Load_WeightsEntryRemoved_IsRefusedNamingTheEntry()
    {
        string message = LoadFails(Rewrite(zip => Entry(zip, Weights).Delete()));
        Assert.Contains($"has no '{Weights}' entry", message);
    }

    [Fact]
    public void Load_WeightsTruncatedInsideTheZip_IsRefused()
    {
        string message = LoadFails(Rewrite(zip => Modify(zip, Weights, bytes => bytes[..^100], resize: true)));
        Assert.Contains($"'{Weights}' is truncated", message);
    }

    [Fact]
    public void Load_ModelEntryFromAFutureVersion_IsRefused()
    {
        // The entry header holds the model signature (offset 64), then the written and readable versions (uint32 each).
        string message = LoadFails(Rewrite(zip => Modify(zip, ModelKeyOfTheNetwork(zip), bytes =>
        {
            Assert.Equal("H3DENETM", Encoding.ASCII.GetString(bytes, 64, 8));
            Assert.Equal(0x00010001u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(72)));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(72), 0x00020001);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(76), 0x00020001);
        })));
        Assert.Contains("component 'H3deNetLandmarkModel'", message);
        Assert.Contains("the model is too new", message);
    }

    [Fact]
    public void Load_ModelEntryClaimingHugeOptions_IsRefusedBeforeAllocating()
    {
        // The options follow the entry header (its size is at offset 16): an int32 byte count, then JSON.
        string message = LoadFails(Rewrite(zip => Modify(zip, ModelKeyOfTheNetwork(zip), bytes =>
        {
            int body = (int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(body), int.MaxValue);
        })));
        Assert.Contains($"claim {int.MaxValue} bytes", message);
    }

    [Fact]
    public void Load_TruncatedZip_IsRefused()
    {
        byte[] bytes = File.ReadAllBytes(PersistenceKit.ZipPath);
        string message = LoadFails(bytes[..(bytes.Length / 2)]);
        Assert.Contains("Failed to open a zip archive", message);
        Assert.Contains("End of Central Directory record could not be found", message);
    }

    [Fact]
    public void Load_ZipThatIsNoModel_IsRefused()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using Stream s = zip.CreateEntry("readme.txt").Open();
            s.Write("not a model"u8);
        }

        string message = LoadFails(stream.ToArray());
        // ML.NET's own words: the zip lacks the entries every ML.NET model has.
        Assert.Contains("Repository doesn't contain entry DataLoaderModel/Model.key", message);
    }

    [Fact]
    public void Load_Untouched_Works()
    {
        // The rewriting itself changes nothing a loader sees.
        var ml = new MLContext(seed: 1);
        ITransformer loaded = ml.Model.Load(new MemoryStream(Rewrite(_ => { })), out _);
        Assert.Equal(PersistenceKit.Model.GetLandmarkNames(), loaded.GetLandmarkNames());
    }

    private static string LoadFails(byte[] zip)
    {
        Exception? e = Record.Exception(() => new MLContext(seed: 1).Model.Load(new MemoryStream(zip), out _));
        Assert.NotNull(e);
        return TrainingTestKit.AllMessages(e);
    }

    private static byte[] Rewrite(Action<ZipArchive> change)
    {
        var stream = new MemoryStream();
        stream.Write(File.ReadAllBytes(PersistenceKit.ZipPath));
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            change(zip);
        }

        return stream.ToArray();
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string nameEnd) =>
        Assert.Single(zip.Entries, e => e.FullName.EndsWith(nameEnd, StringComparison.Ordinal));

    private static string ModelKeyOfTheNetwork(ZipArchive zip) =>
        Entry(zip, Weights).FullName.Replace(Weights, "Model.key", StringComparison.Ordinal);

    private static void Modify(ZipArchive zip, string nameEnd, Action<byte[]> change) =>
        Modify(zip, nameEnd, bytes =>
        {
            change(bytes);
            return bytes;
        }, resize: false);

    private static void Modify(ZipArchive zip, string nameEnd, Func<byte[], byte[]> change, bool resize)
    {
        ZipArchiveEntry entry = Entry(zip, nameEnd);
        string name = entry.FullName;
        byte[] bytes;
        using (var original = new MemoryStream())
        {
            using (Stream s = entry.Open())
            {
                s.CopyTo(original);
            }

            bytes = original.ToArray();
        }

        byte[] changed = change(bytes);
        Assert.True(resize || changed.Length == bytes.Length);
        entry.Delete();
        using Stream target = zip.CreateEntry(name).Open();
        target.Write(changed);
    }
}
