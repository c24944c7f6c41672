using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Transforms.Loading;

/// <summary>Loads a row's volume and landmarks (through <see cref="ScanLoader"/>), with an optional on-disk cache of decoded volumes.</summary>
/// <remarks>
/// <para><b>Cache file layout</b> (<c>&lt;hash&gt;.h3dvol</c>, version 1, little-endian): the 8 ASCII bytes <c>H3DEVOL1</c>;
/// int32 size i, j, k; float64 spacing (3), origin (3), direction row-major (9); int32 original element type; int32
/// components; then the float32 voxels. The hash is SHA-256 of the image path, its length and modification time, and the
/// spacing file path, so an edited file misses the cache. Files are written beside and moved into place, so readers never
/// see a partial file; a damaged entry is ignored and rewritten.</para>
/// </remarks>
public static class VolumeLoading
{
    private static readonly byte[] Magic = "H3DEVOL1"u8.ToArray();

    /// <summary>Loads a row.</summary>
    /// <param name="row">The row.</param>
    /// <param name="options">The options (validated).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The row with its volume and landmarks.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ScanRow Load(ScanRow row, VolumeLoadingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(options);
        string? cachePath = row.Volume is null && options.CacheDirectory is not null ? CachePath(row.Source, options.CacheDirectory) : null;
        if (cachePath is not null && TryReadCache(cachePath) is Volume cached)
        {
            row = row with { Volume = cached };
        }
        else
        {
            cachePath = row.Volume is null ? cachePath : null;
            row = ScanLoader.Load(row, cancellationToken);
            if (cachePath is not null && row.Volume is not null)
            {
                WriteCache(cachePath, row.Volume);
            }
        }

        row = ScanLoader.Load(row, cancellationToken);
        if (options.MarkOutsideAsMissing && row.Landmarks is not null && row.Volume is not null)
        {
            row = row with { Landmarks = row.Landmarks.MarkOutsideAsMissing(row.Volume.Geometry) };
        }

        return row;
    }

    private static string? CachePath(ScanSource source, string directory)
    {
        if (source.ImagePath is null || !File.Exists(source.ImagePath) || source.Kind is ScanSourceKind.InMemory or ScanSourceKind.Generated)
        {
            return null;
        }

        var info = new FileInfo(source.ImagePath);
        string key = $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{source.SpacingPath}";
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        return Path.Combine(directory, hash + ".h3dvol");
    }

    private static Volume? TryReadCache(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            const int HeaderLength = 8 + 12 + (15 * 8) + 8;
            if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            {
                return null;
            }

            ReadOnlySpan<byte> h = bytes.AsSpan(8);
            var size = new VolumeSize(BinaryPrimitives.ReadInt32LittleEndian(h), BinaryPrimitives.ReadInt32LittleEndian(h[4..]), BinaryPrimitives.ReadInt32LittleEndian(h[8..]));
            var d = new double[15];
            for (int n = 0; n < 15; n++)
            {
                d[n] = BinaryPrimitives.ReadDoubleLittleEndian(h[(12 + (8 * n))..]);
            }

            var type = (VolumeElementType)BinaryPrimitives.ReadInt32LittleEndian(h[132..]);
            int components = BinaryPrimitives.ReadInt32LittleEndian(h[136..]);
            long count = size.VoxelCount * components;
            if (components < 1 || count * 4 != bytes.Length - HeaderLength)
            {
                return null;
            }

            var voxels = new float[count];
            MemoryMarshal.Cast<byte, float>(bytes.AsSpan(HeaderLength)).CopyTo(voxels);
            var geometry = new VolumeGeometry(size, new Vector3d(d[0], d[1], d[2]), new Vector3d(d[3], d[4], d[5]), Matrix3d.FromRowMajor(d.AsSpan(6, 9)));
            return new Volume(voxels, geometry, type, null, components);
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            return null;
        }
    }

    private static void WriteCache(string path, Volume volume)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Span<byte> h = stackalloc byte[12 + (15 * 8) + 8];
            VolumeGeometry g = volume.Geometry;
            BinaryPrimitives.WriteInt32LittleEndian(h, g.Size.I);
            BinaryPrimitives.WriteInt32LittleEndian(h[4..], g.Size.J);
            BinaryPrimitives.WriteInt32LittleEndian(h[8..], g.Size.K);
            double[] values = [.. g.SpacingMm.ToArray(), .. g.OriginLps.ToArray(), .. g.Direction.ToRowMajorArray()];
            for (int n = 0; n < 15; n++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(h[(12 + (8 * n))..], values[n]);
            }

            BinaryPrimitives.WriteInt32LittleEndian(h[132..], (int)volume.OriginalElementType);
            BinaryPrimitives.WriteInt32LittleEndian(h[136..], volume.Components);
            file.Write(Magic);
            file.Write(h);
            file.Write(MemoryMarshal.AsBytes(volume.Voxels.AsSpan()));
        }

        File.Move(temp, path, overwrite: true);
    }
}
