using System.Text.Json;
using H3deMl.Core.IO.Dicom;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO.Dicom;

/// <summary>Every committed synthetic image in every transfer syntax dcmtk/gdcm (and our T.81 encoder, checked by dcmtk)
/// produce must decode to exactly the stored values dcmtk decodes, with the rescale applied.</summary>
public sealed class DicomCodecTests
{
    public static TheoryData<string> CodecFiles()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement e in DicomTestFiles.Expected.GetProperty("codec").EnumerateArray())
        {
            data.Add(e.GetProperty("file").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CodecFiles))]
    public void Read_EveryTransferSyntax_MatchesDcmtkDecodedValuesExactly(string file)
    {
        JsonElement entry = DicomTestFiles.Expected.GetProperty("codec").EnumerateArray().Single(e => e.GetProperty("file").GetString() == file);
        string kind = entry.GetProperty("kind").GetString()!;
        double slope = entry.GetProperty("slope").GetDouble();
        double intercept = entry.GetProperty("intercept").GetDouble();
        int pointTransform = entry.TryGetProperty("pointTransform", out JsonElement pt) ? pt.GetInt32() : 0;
        long[] stored = [.. DicomTestFiles.Expected.GetProperty("stored").GetProperty(kind).EnumerateArray().Select(x => x.GetInt64())];

        Volume v = DicomSeriesReader.Read(DicomTestFiles.File(file));

        int spp = entry.GetProperty("samplesPerPixel").GetInt32();
        Assert.Equal(spp, v.Components);
        Assert.Equal((20, 24, 1), (v.Size.I, v.Size.J, v.Size.K));
        Assert.Equal(entry.GetProperty("transferSyntax").GetString(), v.Metadata[VolumeMetadataKeys.TransferSyntaxUid]);
        Assert.Equal(stored.Length, v.Voxels.Length);
        for (int p = 0; p < stored.Length; p++)
        {
            long s = (stored[p] >> pointTransform) << pointTransform;
            float expected = (float)((s * slope) + intercept);
            Assert.True(expected == v.Voxels[p], $"{file}: voxel {p} (i {p / spp % 20}, j {p / spp / 20}) is {v.Voxels[p]}, dcmtk gives {expected} (stored {s})");
        }

        VolumeElementType type = (entry.GetProperty("bitsAllocated").GetInt32(), entry.GetProperty("signed").GetBoolean()) switch
        {
            (8, false) => VolumeElementType.UInt8,
            (16, false) => VolumeElementType.UInt16,
            (16, true) => VolumeElementType.Int16,
            _ => throw new InvalidOperationException(),
        };
        Assert.Equal(type, v.OriginalElementType);
    }

    [Fact]
    public void Read_AllSyntaxesOfOneImage_GiveIdenticalVoxels()
    {
        foreach (string kind in new[] { "s16", "u16", "u12", "s12", "u8", "rgb" })
        {
            float[] reference = DicomSeriesReader.Read(DicomTestFiles.File(kind + "_explicit_le.dcm")).Voxels;
            string[] others = Directory.GetFiles(Path.GetDirectoryName(DicomTestFiles.File("x"))!, kind + "_*.dcm");
            Assert.True(others.Length >= 8, $"{kind}: only {others.Length} variants");
            foreach (string other in others.Where(o => !o.Contains("_ours_", StringComparison.Ordinal)))
            {
                Assert.Equal(reference, DicomSeriesReader.Read(other).Voxels);
            }
        }
    }

    [Fact]
    public void CodecMatrix_CoversEverySyntaxAndPredictor()
    {
        var variants = DicomTestFiles.Expected.GetProperty("codec").EnumerateArray()
            .Select(e => (Ts: e.GetProperty("transferSyntax").GetString()!, Variant: e.GetProperty("variant").GetString()!))
            .ToList();
        foreach (string ts in new[] { "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70" })
        {
            Assert.Contains(variants, v => v.Ts == ts);
        }

        for (int sv = 1; sv <= 7; sv++)
        {
            Assert.Contains(variants, v => v.Variant == $"jpeg_p14_sv{sv}");
        }

        Assert.Contains(variants, v => v.Variant.Contains("_ri20", StringComparison.Ordinal)); // restart markers
        Assert.Contains(variants, v => v.Variant.Contains("_pt2", StringComparison.Ordinal));  // point transform
    }
}
