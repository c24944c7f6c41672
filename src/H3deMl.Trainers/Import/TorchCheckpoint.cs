using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using H3deMl.Tensors;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Trainers.Import;

/// <summary>
/// A PyTorch checkpoint written by <c>torch.save</c> (PyTorch ≥ 1.6, the zip format), opened for reading without Python.
/// </summary>
/// <remarks>
/// <para><b>Layout</b> (facts of PyTorch's format): a zip archive (entries usually stored, not compressed) whose entries
/// share one top-level folder <c>&lt;name&gt;/</c>:</para>
/// <list type="bullet">
/// <item><c>&lt;name&gt;/data.pkl</c>: the saved object as a pickle (protocol 2). Each tensor is
/// <c>torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)</c>, and each storage is a
/// persistent id <c>('storage', torch.FloatStorage, key, location, element_count)</c>;</item>
/// <item><c>&lt;name&gt;/data/&lt;key&gt;</c>: the raw bytes of each storage (element_count × element size, little-endian
/// unless <c>&lt;name&gt;/byteorder</c> says "big");</item>
/// <item><c>&lt;name&gt;/version</c> (the format version, "3" in 1.13) and, in newer versions, <c>.data/serialization_id</c>.</item>
/// </list>
/// <para>The pickle is read by <see cref="RestrictedUnpickler"/>; storages are checked (they exist, their size matches the
/// declared element count) when the pickle names them and read only when a tensor is materialised.</para>
/// <para>The legacy format (PyTorch &lt; 1.6, or <c>_use_new_zipfile_serialization=False</c>) is recognised and refused
/// with instructions to re-save it.</para>
/// </remarks>
internal sealed class TorchCheckpoint : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private readonly string _prefix;
    private readonly bool _bigEndian;
    private readonly CheckpointLimits _limits;
    private readonly long _fileLength;
    private readonly Dictionary<string, TorchStorageRef> _storages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float[]> _loaded = new(StringComparer.Ordinal);

    private TorchCheckpoint(string source, ZipArchive zip, Dictionary<string, ZipArchiveEntry> entries, string prefix, bool bigEndian, CheckpointLimits limits, long fileLength)
    {
        _fileLength = fileLength;
        Source = source;
        _zip = zip;
        _entries = entries;
        _prefix = prefix;
        _bigEndian = bigEndian;
        _limits = limits;
    }

    /// <summary>The file, for messages.</summary>
    public string Source { get; }

    /// <summary>The unpickled root object.</summary>
    public object? Root { get; private set; }

    /// <summary>Opens and unpickles a checkpoint; storages are validated but not read.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint (the message names the problem).</exception>
    public static TorchCheckpoint Open(string path, CheckpointLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        limits ??= CheckpointLimits.Default;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var checkpoint = Open(stream, path, limits);
            return checkpoint;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens a checkpoint from a seekable stream, which the checkpoint then owns.</summary>
    internal static TorchCheckpoint Open(Stream stream, string source, CheckpointLimits limits)
    {
        if (stream.Length > limits.MaxFileBytes)
            throw Invalid(source, $"the file holds {stream.Length:N0} bytes, more than the {limits.MaxFileBytes:N0} a checkpoint may have");
        Span<byte> head = stackalloc byte[4];
        int got = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        stream.Position = 0;
        if (got < 4) throw Invalid(source, $"the file holds only {stream.Length} bytes; it is empty or truncated, not a PyTorch checkpoint");
        if (head[0] == 0x80 && head[1] == 0x02)
            throw Invalid(source, "this is a PyTorch checkpoint in the legacy (pre-1.6) format, which is not supported; re-save it with torch>=1.6 (torch.save(torch.load(f), f2) with the default _use_new_zipfile_serialization=True)");
        if (head[0] != (byte)'P' || head[1] != (byte)'K')
            throw Invalid(source, "the file is not a zip archive, so it is not a PyTorch checkpoint written by torch>=1.6 (a legacy or tar checkpoint must be re-saved with torch>=1.6)");

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            throw Invalid(source, $"the zip archive is damaged ({e.Message}); the file is truncated or corrupt", inner: e);
        }

        try
        {
            var checkpoint = Create(zip, source, limits, stream.Length);
            checkpoint.Root = checkpoint.Unpickle();
            return checkpoint;
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    private static TorchCheckpoint Create(ZipArchive zip, string source, CheckpointLimits limits, long fileLength)
    {
        if (zip.Entries.Count > limits.MaxEntries)
            throw Invalid(source, $"the archive holds {zip.Entries.Count:N0} entries, more than the {limits.MaxEntries:N0} a checkpoint may have");
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        string? pickle = null;
        foreach (var e in zip.Entries)
        {
            if (!entries.TryAdd(e.FullName, e)) throw Invalid(source, $"the archive holds two entries named '{e.FullName}'", e.FullName);
            if (e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.IndexOf('/') == e.FullName.Length - "/data.pkl".Length)
            {
                if (pickle is not null) throw Invalid(source, $"the archive holds two pickles ('{pickle}' and '{e.FullName}')", e.FullName);
                pickle = e.FullName;
            }
        }
        if (pickle is null)
            throw Invalid(source, "the zip archive has no '<name>/data.pkl' entry, so it is not a PyTorch checkpoint");
        var prefix = pickle[..^"data.pkl".Length];
        bool big = false;
        if (entries.TryGetValue(prefix + "byteorder", out var order))
        {
            var text = Encoding.ASCII.GetString(ReadEntry(order, source, 16)).Trim();
            big = text switch
            {
                "little" => false,
                "big" => true,
                _ => throw Invalid(source, $"'{order.FullName}' says '{text}', expected 'little' or 'big'", order.FullName),
            };
        }
        return new TorchCheckpoint(source, zip, entries, prefix, big, limits, fileLength);
    }

    private object? Unpickle()
    {
        var entry = _entries[_prefix + "data.pkl"];
        var bytes = ReadEntry(entry, Source, _limits.MaxPickleBytes);
        var unpickler = new RestrictedUnpickler(bytes, Source, entry.FullName, PersistentLoad, _limits);
        return unpickler.Load();
    }

    private object PersistentLoad(object? pid, long offset)
    {
        ModelFormatException Bad(string message, string? field = null) =>
            new(Source, $"{Source}: {_prefix}data.pkl, byte {offset:N0}: {message}.", field ?? "data.pkl", offset);

        if (pid is not PickleTuple t || t.Count != 5 || t[0] is not "storage")
            throw Bad($"a persistent id is a {RestrictedUnpickler.Describe(pid)} other than ('storage', type, key, location, count); only tensor storages are supported");
        if (t[1] is not PickleGlobal type) throw Bad("a storage's type is not a torch storage class");
        var dtype = type.FullName switch
        {
            "torch.FloatStorage" => TorchDType.Float32,
            "torch.DoubleStorage" => TorchDType.Float64,
            "torch.HalfStorage" => TorchDType.Float16,
            "torch.BFloat16Storage" => TorchDType.BFloat16,
            "torch.LongStorage" => TorchDType.Int64,
            "torch.IntStorage" => TorchDType.Int32,
            "torch.ShortStorage" => TorchDType.Int16,
            "torch.CharStorage" => TorchDType.Int8,
            "torch.ByteStorage" => TorchDType.UInt8,
            "torch.BoolStorage" => TorchDType.Bool,
            _ => throw Bad($"a storage has the type '{type.FullName}', which is not a torch storage class"),
        };
        if (t[2] is not string key || key.Length == 0 || key.Length > _limits.MaxKeyLength || key.Contains('/') || key.Contains('\\') || key.Contains(".."))
            throw Bad("a storage key is not a short plain name");
        if (t[3] is not string location) throw Bad($"storage '{key}' has no location string", key);
        if (t[4] is not long count || count < 0) throw Bad($"storage '{key}' declares an element count that is not a non-negative integer", key);

        if (_storages.TryGetValue(key, out var known))
        {
            if (known.DType != dtype || known.ElementCount != count)
                throw Bad($"storage '{key}' is declared twice with different types or sizes ({known.DType} × {known.ElementCount:N0}, then {dtype} × {count:N0})", key);
            return known;
        }

        var name = _prefix + "data/" + key;
        if (!_entries.TryGetValue(name, out var entry))
            throw Bad($"storage '{key}' has no record '{name}' in the archive; the checkpoint is incomplete", key);
        long itemSize = ItemSize(dtype);
        if (count > long.MaxValue / itemSize || entry.Length != count * itemSize)
            throw Bad($"storage '{key}' declares {count:N0} {dtype} elements ({(count > long.MaxValue / itemSize ? "more than 2^63" : (count * itemSize).ToString("N0"))} bytes) but its record holds {entry.Length:N0} bytes; the checkpoint is corrupt", key);
        // The record is read only later, but what it may cost is bounded now: it must lie inside the file and a
        // compressed record may not expand more than any real tensor data does (a zip bomb would).
        if (entry.CompressedLength > _fileLength || (entry.Length > (1 << 20) && entry.Length / Math.Max(1, entry.CompressedLength) > 1000))
            throw Bad($"storage '{key}' declares {entry.Length:N0} bytes from {entry.CompressedLength:N0} compressed bytes in a {_fileLength:N0}-byte file; refusing a damaged or malicious record", key);
        var storage = new TorchStorageRef(dtype, key, location, count);
        _storages[key] = storage;
        return storage;
    }

    internal static int ItemSize(TorchDType dtype) => dtype switch
    {
        TorchDType.Float64 or TorchDType.Int64 => 8,
        TorchDType.Float32 or TorchDType.Int32 => 4,
        TorchDType.Float16 or TorchDType.BFloat16 or TorchDType.Int16 => 2,
        _ => 1,
    };

    internal static bool IsFloatingPoint(TorchDType dtype) => dtype is TorchDType.Float32 or TorchDType.Float64 or TorchDType.Float16 or TorchDType.BFloat16;

    /// <summary>Reads a floating-point tensor's values (gathering a strided view) into a new contiguous tensor.</summary>
    /// <exception cref="ModelFormatException">The tensor is not floating point, too large, or its record cannot be read.</exception>
    public Tensor Materialise(TorchTensorRef tensor, string name)
    {
        if (!IsFloatingPoint(tensor.Storage.DType))
            throw Invalid(Source, $"tensor '{name}' holds {tensor.Storage.DType} values, but network parameters are floating point", name);
        long count = tensor.ElementCount;
        if (count > _limits.MaxTensorElements)
            throw Invalid(Source, $"tensor '{name}' has {count:N0} elements, more than the {_limits.MaxTensorElements:N0} a tensor may have", name);
        var data = LoadStorage(tensor.Storage, name);
        var result = Tensor.Zeros(tensor.Shape);
        var dst = result.AsSpan();
        if (count == 0) return result;
        int rank = tensor.Shape.Length;
        bool contiguous = true;
        long expect = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            if (tensor.Shape[d] != 1 && tensor.Strides[d] != expect) { contiguous = false; break; }
            expect *= tensor.Shape[d];
        }
        if (contiguous)
        {
            data.AsSpan(checked((int)tensor.Offset), (int)count).CopyTo(dst);
            return result;
        }
        // A view with other strides (e.g. a transposed or sliced parameter): gather element by element, offsets in elements.
        var index = new int[rank];
        long src = tensor.Offset;
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = data[src];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < tensor.Shape[d]) { src += tensor.Strides[d]; break; }
                src -= (long)(index[d] - 1) * tensor.Strides[d];
                index[d] = 0;
            }
        }
        return result;
    }

    private float[] LoadStorage(TorchStorageRef storage, string tensorName)
    {
        if (_loaded.TryGetValue(storage.Key, out var cached)) return cached;
        if (storage.ElementCount > _limits.MaxTensorElements)
            throw Invalid(Source, $"storage '{storage.Key}' of tensor '{tensorName}' has {storage.ElementCount:N0} elements, more than the {_limits.MaxTensorElements:N0} that can be loaded", tensorName);
        var entry = _entries[_prefix + "data/" + storage.Key];
        var values = new float[storage.ElementCount];
        int itemSize = ItemSize(storage.DType);
        try
        {
            using var s = entry.Open();
            if (storage.DType == TorchDType.Float32)
            {
                ReadFully(s, MemoryMarshal.AsBytes(values.AsSpan()), entry.FullName);
                if (_bigEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(values.AsSpan()), MemoryMarshal.Cast<float, int>(values.AsSpan()));
            }
            else
            {
                var buffer = new byte[64 * 1024 / itemSize * itemSize];
                long done = 0;
                while (done < values.Length)
                {
                    int n = (int)Math.Min(buffer.Length / itemSize, values.Length - done);
                    ReadFully(s, buffer.AsSpan(0, n * itemSize), entry.FullName);
                    Convert(buffer.AsSpan(0, n * itemSize), values.AsSpan((int)done, n), storage.DType, _bigEndian);
                    done += n;
                }
            }
            if (s.ReadByte() != -1) throw Invalid(Source, $"record '{entry.FullName}' holds more than its declared {entry.Length:N0} bytes", entry.FullName);
        }
        catch (InvalidDataException e)
        {
            throw Invalid(Source, $"record '{entry.FullName}' is corrupt ({e.Message})", entry.FullName, e);
        }
        _loaded[storage.Key] = values;
        return values;
    }

    private static void Convert(ReadOnlySpan<byte> src, Span<float> dst, TorchDType dtype, bool big)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = dtype switch
            {
                TorchDType.Float64 => (float)BitConverter.Int64BitsToDouble(big ? BinaryPrimitives.ReadInt64BigEndian(src[(8 * i)..]) : BinaryPrimitives.ReadInt64LittleEndian(src[(8 * i)..])),
                TorchDType.Float16 => (float)BitConverter.Int16BitsToHalf(big ? BinaryPrimitives.ReadInt16BigEndian(src[(2 * i)..]) : BinaryPrimitives.ReadInt16LittleEndian(src[(2 * i)..])),
                TorchDType.BFloat16 => BitConverter.Int32BitsToSingle((big ? BinaryPrimitives.ReadUInt16BigEndian(src[(2 * i)..]) : BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..])) << 16),
                _ => throw new InvalidOperationException($"{dtype} is not converted to float."),
            };
        }
    }

    private void ReadFully(Stream s, Span<byte> buffer, string entryName)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = s.Read(buffer[read..]);
            if (n == 0) throw Invalid(Source, $"record '{entryName}' ends early; the file is truncated", entryName);
            read += n;
        }
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string source, long limit)
    {
        if (entry.Length > limit)
            throw Invalid(source, $"'{entry.FullName}' declares {entry.Length:N0} bytes, more than the {limit:N0} allowed", entry.FullName);
        if (entry.Length > (1 << 20) && entry.Length / Math.Max(1, entry.CompressedLength) > 1000)
            throw Invalid(source, $"'{entry.FullName}' declares {entry.Length:N0} bytes from {entry.CompressedLength:N0} compressed bytes; refusing a damaged or malicious record", entry.FullName);
        var buffer = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            int read = 0;
            while (read < buffer.Length)
            {
                int n = s.Read(buffer, read, buffer.Length - read);
                if (n == 0) throw Invalid(source, $"'{entry.FullName}' ends after {read:N0} of its {entry.Length:N0} bytes; the file is truncated", entry.FullName);
                read += n;
            }
            if (s.ReadByte() != -1) throw Invalid(source, $"'{entry.FullName}' holds more than its declared {entry.Length:N0} bytes", entry.FullName);
        }
        catch (InvalidDataException e)
        {
            throw Invalid(source, $"'{entry.FullName}' is corrupt ({e.Message})", entry.FullName, e);
        }
        return buffer;
    }

    internal static ModelFormatException Invalid(string source, string message, string? field = null, Exception? inner = null) =>
        new(source, $"{source}: {message}.", field, innerException: inner);

    /// <inheritdoc/>
    public void Dispose() => _zip.Dispose();
}
