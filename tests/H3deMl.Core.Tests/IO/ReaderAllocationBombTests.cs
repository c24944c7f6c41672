using System.IO.Compression;
using System.Text;
using H3deMl.Core.Geometry;
using H3deMl.Core.IO;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;
using Xunit.Abstractions;

namespace H3deMl.Core.Tests.IO;

/// <summary>Small NIfTI, NRRD, MetaImage and NPY files whose headers declare far more voxels than they hold are rejected
/// having allocated at most 2 × the file size + 64 MB (issue 15, item 1). The compressed cases hold 100 kB of
/// incompressible data and declare 100 M voxels, which the deflate ratio limit (1032×) cannot rule out.</summary>
[Collection(AllocationCollection.Name)]
public sealed class ReaderAllocationBombTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => new()
    {
        "raw_dims.nii", "gz_short.nii.gz", "raw_sizes.nrrd", "gz_short.nrrd", "ascii_sizes.nrrd", "raw_dims.mha", "zlib_short.mha",
        "shape.npy", "huge_shape.npy",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_HeaderDeclaringMoreThanTheFileHolds_RejectedWithinBudget(string name)
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, name);
        File.WriteAllBytes(path, Make(name));
        long size = new FileInfo(path).Length;

        (VolumeFormatException e, long allocated) = AllocationBudget.MeasureThrows<VolumeFormatException>(() => Volume.Read(path));

        output.WriteLine($"{name}: {size:N0}-byte file, {allocated:N0} bytes allocated: {e.Message}");
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        AllocationBudget.AssertWithin(allocated, size, name);
    }

    [Fact]
    public void Read_CompressedVolumeLargerThanFirstAllocation_ReadsExactly()
    {
        // 9 M voxels: more than CompressedVoxels.InitialValues, so the array grows once and must still hold every value.
        var g = VolumeGeometry.AxisAligned(new VolumeSize(300, 300, 100));
        var voxels = new float[g.Size.VoxelCount];
        for (int n = 0; n < voxels.Length; n++)
        {
            voxels[n] = n % 251;
        }

        using var dir = new TempDirectory();
        foreach (string name in new[] { "big.nii.gz", "big.nrrd", "big.mha" })
        {
            string path = Path.Combine(dir.Path, name);
            new Volume(voxels, g, VolumeElementType.UInt8).Write(path);
            Volume back = Volume.Read(path);
            Assert.Equal(voxels.Length, back.Voxels.Length);
            Assert.True(voxels.AsSpan().SequenceEqual(back.Voxels), name);
        }
    }

    private static byte[] Make(string name)
    {
        byte[] random = new byte[100_000];
        new Random(7).NextBytes(random);
        return name switch
        {
            "raw_dims.nii" => Nifti(2000, 2000, 2000, new byte[1000]),
            "gz_short.nii.gz" => Gzip(Nifti(1000, 1000, 100, random)),
            "raw_sizes.nrrd" => [.. Ascii("NRRD0004\ntype: uchar\ndimension: 3\nsizes: 1000 1000 100\nencoding: raw\n\n"), .. random],
            "gz_short.nrrd" => [.. Ascii("NRRD0004\ntype: uchar\ndimension: 3\nsizes: 1000 1000 100\nencoding: gzip\n\n"), .. Gzip(random)],
            "ascii_sizes.nrrd" => Ascii("NRRD0004\ntype: float\ndimension: 3\nsizes: 1000 1000 100\nencoding: ascii\n\n" + string.Concat(Enumerable.Repeat("1 ", 50_000))),
            "raw_dims.mha" => [.. Ascii(MhaHeader(compressed: false)), .. random],
            "zlib_short.mha" => [.. Ascii(MhaHeader(compressed: true)), .. Zlib(random)],
            "shape.npy" => Npy("(1000, 1000, 100)", random),
            "huge_shape.npy" => Npy("(100000, 100000, 100000)", random),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private static byte[] Nifti(short i, short j, short k, byte[] payload)
    {
        byte[] h = new byte[352];
        BitConverter.GetBytes(348).CopyTo(h, 0);
        short[] dim = [3, i, j, k, 1, 1, 1, 1];
        for (int d = 0; d < 8; d++)
        {
            BitConverter.GetBytes(dim[d]).CopyTo(h, 40 + (2 * d));
        }

        BitConverter.GetBytes((short)2).CopyTo(h, 70); // uint8
        BitConverter.GetBytes((short)8).CopyTo(h, 72);
        for (int d = 0; d < 4; d++)
        {
            BitConverter.GetBytes(1f).CopyTo(h, 76 + (4 * d));
        }

        BitConverter.GetBytes(352f).CopyTo(h, 108);
        BitConverter.GetBytes(1f).CopyTo(h, 112); // scl_slope
        h[123] = 10; // xyzt_units: mm, s
        "n+1\0"u8.CopyTo(h.AsSpan(344));
        return [.. h, .. payload];
    }

    private static string MhaHeader(bool compressed) =>
        "ObjectType = Image\nNDims = 3\nDimSize = 1000 1000 100\nElementType = MET_UCHAR\n" +
        (compressed ? "CompressedData = True\n" : "") + "ElementDataFile = LOCAL\n";

    private static byte[] Npy(string shape, byte[] payload)
    {
        string header = "{'descr': '|u1', 'fortran_order': False, 'shape': " + shape + ", }";
        header = header.PadRight(((header.Length + 10 + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        return [0x93, .. "NUMPY"u8, 1, 0, (byte)(header.Length & 0xFF), (byte)(header.Length >> 8), .. Ascii(header), .. payload];
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(raw);
        }

        return ms.ToArray();
    }

    private static byte[] Zlib(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(raw);
        }

        return ms.ToArray();
    }
}
