using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using H3deMl.Core.IO.Dicom;
using H3deMl.Core.Volumes;

namespace H3deMl.Benchmarks.IO;

/// <summary>Reading a 512×512×300 int16 CT series (300 uncompressed files, explicit VR little endian, shuffled names)
/// with <see cref="DicomSeriesReader"/>, against reading the same files' bytes and doing nothing else (the I/O floor;
/// issue 3: "limited by I/O/decompression, not by our code").</summary>
/// <remarks>
/// The setup writes the series once into <c>$TMP/h3deml-bench-dicom-512x512x300</c> (its path is printed) with the small
/// writer below, which exists only for this benchmark. pydicom on the same files, for comparison (Debian python3-pydicom):
/// <code>
/// import glob, time, numpy as np, pydicom
/// t = time.perf_counter()
/// ds = [pydicom.dcmread(f) for f in glob.glob(FOLDER + "/*")]
/// n = np.cross(*np.reshape(np.asarray(ds[0].ImageOrientationPatient, float), (2, 3)))
/// ds.sort(key=lambda d: float(np.dot(np.asarray(d.ImagePositionPatient, float), n)))
/// v = np.stack([d.pixel_array.astype(np.float32) * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in ds])
/// print(time.perf_counter() - t)
/// </code>
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class DicomSeriesBenchmarks
{
    private const int Size = 512;
    private const int Slices = 300;
    private string _folder = "";
    private string[] _files = [];

    /// <summary>Writes the series unless it is already there.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"h3deml-bench-dicom-{Size}x{Size}x{Slices}");
        if (!Directory.Exists(_folder) || Directory.GetFiles(_folder).Length != Slices)
        {
            BenchmarkSeriesWriter.Write(_folder, Size, Size, Slices);
        }

        _files = Directory.GetFiles(_folder);
        Console.WriteLine($"// benchmark series: {_folder} ({_files.Sum(f => new FileInfo(f).Length):N0} bytes in {_files.Length} files)");
    }

    /// <summary>The floor: read every file's bytes (from the page cache) and nothing else.</summary>
    [Benchmark(Baseline = true)]
    public long ReadAllBytesOnly()
    {
        long total = 0;
        Parallel.ForEach(_files, f => Interlocked.Add(ref total, File.ReadAllBytes(f).Length));
        return total;
    }

    /// <summary>Our reader: header scan, grouping, sorting, geometry, decode to float32 with the rescale.</summary>
    [Benchmark]
    public Volume DicomSeriesReaderRead() => DicomSeriesReader.Read(_folder);
}

/// <summary>A minimal writer of uncompressed CT slices (explicit VR little endian), for the benchmark only.</summary>
internal static class BenchmarkSeriesWriter
{
    public static void Write(string folder, int rows, int columns, int slices)
    {
        Directory.CreateDirectory(folder);
        foreach (string old in Directory.GetFiles(folder))
        {
            File.Delete(old);
        }

        var random = new Random(7);
        int[] names = [.. Enumerable.Range(1, slices).OrderBy(_ => random.Next())];
        byte[] pixels = new byte[rows * columns * 2];
        for (int k = 0; k < slices; k++)
        {
            for (int j = 0; j < rows; j++)
            {
                for (int i = 0; i < columns; i++)
                {
                    double r = Math.Sqrt(((i - (columns / 2.0)) * (i - (columns / 2.0))) + ((j - (rows / 2.0)) * (j - (rows / 2.0))));
                    int hu = r > columns * 0.45 ? -1000 : (r > columns * (0.38 + (0.02 * Math.Sin(k * 0.05))) ? 700 : 40);
                    BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(((j * columns) + i) * 2), (short)(hu + 1024 + random.Next(-20, 21)));
                }
            }

            File.WriteAllBytes(Path.Combine(folder, $"IM{names[k]}"), Slice(rows, columns, k, pixels));
        }
    }

    private static byte[] Slice(int rows, int columns, int k, byte[] pixels)
    {
        string sop = "1.2.826.0.1.3680043.8.498.9." + k.ToString(CultureInfo.InvariantCulture);
        var meta = new MemoryStream();
        Element(meta, 0x0002, 0x0001, "OB", [0, 1]);
        Text(meta, 0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.2");
        Text(meta, 0x0002, 0x0003, "UI", sop);
        Text(meta, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
        var file = new MemoryStream();
        file.Write(new byte[128]);
        file.Write("DICM"u8);
        Element(file, 0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)meta.Length));
        meta.WriteTo(file);
        Text(file, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2");
        Text(file, 0x0008, 0x0018, "UI", sop);
        Text(file, 0x0008, 0x0060, "CS", "CT");
        Text(file, 0x0018, 0x0050, "DS", "1.25");
        Text(file, 0x0020, 0x000D, "UI", "1.2.826.0.1.3680043.8.498.7");
        Text(file, 0x0020, 0x000E, "UI", "1.2.826.0.1.3680043.8.498.8");
        Text(file, 0x0020, 0x0013, "IS", (k + 1).ToString(CultureInfo.InvariantCulture));
        Text(file, 0x0020, 0x0032, "DS", string.Create(CultureInfo.InvariantCulture, $"-179.65\\-179.65\\{-300 + (1.25 * k):0.###}"));
        Text(file, 0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0");
        US(file, 0x0028, 0x0002, 1);
        Text(file, 0x0028, 0x0004, "CS", "MONOCHROME2");
        US(file, 0x0028, 0x0010, (ushort)rows);
        US(file, 0x0028, 0x0011, (ushort)columns);
        Text(file, 0x0028, 0x0030, "DS", "0.7\\0.7");
        US(file, 0x0028, 0x0100, 16);
        US(file, 0x0028, 0x0101, 16);
        US(file, 0x0028, 0x0102, 15);
        US(file, 0x0028, 0x0103, 1);
        Text(file, 0x0028, 0x1052, "DS", "-1024");
        Text(file, 0x0028, 0x1053, "DS", "1");
        Element(file, 0x7FE0, 0x0010, "OW", pixels);
        return file.ToArray();
    }

    private static void US(Stream s, ushort group, ushort element, ushort value)
    {
        byte[] b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        Element(s, group, element, "US", b);
    }

    private static void Text(Stream s, ushort group, ushort element, string vr, string text)
    {
        if (text.Length % 2 == 1)
        {
            text += vr == "UI" ? "\0" : " ";
        }

        Element(s, group, element, vr, Encoding.ASCII.GetBytes(text));
    }

    private static void Element(Stream s, ushort group, ushort element, string vr, byte[] value)
    {
        Span<byte> head = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(head, group);
        BinaryPrimitives.WriteUInt16LittleEndian(head[2..], element);
        head[4] = (byte)vr[0];
        head[5] = (byte)vr[1];
        if (vr is "OB" or "OW")
        {
            head[6] = 0;
            head[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(head[8..], (uint)value.Length);
            s.Write(head);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(head[6..], (ushort)value.Length);
            s.Write(head[..8]);
        }

        s.Write(value);
    }
}
