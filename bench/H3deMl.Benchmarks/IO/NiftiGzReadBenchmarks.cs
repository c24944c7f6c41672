using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using H3deMl.Core.Geometry;
using H3deMl.Core.IO.Nifti;
using H3deMl.Core.Volumes;

namespace H3deMl.Benchmarks.IO;

/// <summary>Reading a ~50 MB (uncompressed) int16 CT-like <c>.nii.gz</c>: our reader against bare gzip decompression
/// of the same file in .NET, which is the floor (issue 3: "limited by decompression, not by our code").</summary>
/// <remarks>Compare with <c>gzip -d</c> and nibabel by hand on the file the setup writes (its path is printed).</remarks>
[MemoryDiagnoser]
public class NiftiGzReadBenchmarks
{
    private string _path = "";

    /// <summary>Writes a 512×512×100 int16 volume with smooth structure and noise, gzip level 6 (as nibabel writes).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "h3deml-bench-ct-512x512x100.nii.gz");
        if (!File.Exists(_path))
        {
            WriteCtLike(_path, 512, 512, 100);
        }

        Console.WriteLine($"// benchmark file: {_path} ({new FileInfo(_path).Length:N0} bytes)");
    }

    /// <summary>Decompression alone: the lower bound for any .nii.gz reader.</summary>
    [Benchmark(Baseline = true)]
    public long GzipDecompressOnly()
    {
        using var file = File.OpenRead(_path);
        using var z = new GZipStream(file, CompressionMode.Decompress);
        var buffer = new byte[1 << 20];
        long total = 0;
        int n;
        while ((n = z.Read(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    /// <summary>Our reader: header, geometry, streaming decode to float32.</summary>
    [Benchmark]
    public Volume NiftiReaderRead() => NiftiReader.Read(_path);

    internal static void WriteCtLike(string path, int ni, int nj, int nk)
    {
        var geometry = new VolumeGeometry(new VolumeSize(ni, nj, nk), new Vector3d(0.7, 0.7, 2.5), new Vector3d(-180, -180, -200), Matrix3d.Identity);
        byte[] header = NiftiWriter.BuildHeader(new Volume(new float[geometry.Size.VoxelCount], geometry, VolumeElementType.Float32));
        BitConverter.GetBytes((short)4).CopyTo(header, 70);
        BitConverter.GetBytes((short)16).CopyTo(header, 72);
        using var file = File.Create(path);
        using var z = new GZipStream(file, CompressionLevel.Optimal);
        z.Write(header);
        z.Write(new byte[4]);
        var random = new Random(1);
        var slice = new byte[ni * nj * 2];
        for (int k = 0; k < nk; k++)
        {
            for (int j = 0; j < nj; j++)
            {
                for (int i = 0; i < ni; i++)
                {
                    double r = Math.Sqrt(((i - (ni / 2.0)) * (i - (ni / 2.0))) + ((j - (nj / 2.0)) * (j - (nj / 2.0))));
                    int hu = r > ni * 0.45 ? -1000 : (r > ni * 0.40 ? 700 : 40);
                    hu += random.Next(-20, 21);
                    BitConverter.TryWriteBytes(slice.AsSpan(((j * ni) + i) * 2), (short)hu);
                }
            }

            z.Write(slice);
        }
    }
}
