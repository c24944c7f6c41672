namespace H3deMl.Trainers.Import;

// The values the restricted unpickler produces. Plain Python values map to .NET values: str → string, int → long,
// float → double, bool → bool, None → null, bytes → byte[], list → List<object?>. Everything else is one of the
// inert records below; nothing the pickle names is ever instantiated or called.

/// <summary>A Python tuple.</summary>
internal sealed class PickleTuple(object?[] items)
{
    public object?[] Items { get; } = items;

    public int Count => Items.Length;

    public object? this[int index] => Items[index];
}

/// <summary>A Python dict or <c>collections.OrderedDict</c>, in insertion order. Keys are strings, integers, booleans or None.</summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object?, object?>> _items = [];
    private readonly Dictionary<object, int> _index = [];
    private int _nullKey = -1;

    public IReadOnlyList<KeyValuePair<object?, object?>> Items => _items;

    public int Count => _items.Count;

    /// <summary>Sets a key (a later value replaces an earlier one, keeping the first position, as Python does).</summary>
    /// <returns>False when the key is not hashable in this restricted model (a list, dict or record).</returns>
    public bool Set(object? key, object? value)
    {
        if (key is null)
        {
            if (_nullKey >= 0) _items[_nullKey] = new(null, value);
            else { _nullKey = _items.Count; _items.Add(new(null, value)); }
            return true;
        }
        if (key is not (string or long or bool or double or PickleTuple)) return false;
        var k = key is bool b ? (b ? 1L : 0L) : key; // Python: True == 1, hash(True) == hash(1)
        if (_index.TryGetValue(k, out var at)) _items[at] = new(_items[at].Key, value);
        else { _index[k] = _items.Count; _items.Add(new(key, value)); }
        return true;
    }

    public bool TryGet(string key, out object? value)
    {
        if (_index.TryGetValue(key, out var at)) { value = _items[at].Value; return true; }
        value = null;
        return false;
    }
}

/// <summary>An allow-listed global (a name, never resolved to code).</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>An inert record for an allow-listed plain class (<c>argparse.Namespace</c>): its name and attributes.</summary>
internal sealed class PickleRecord(PickleGlobal type)
{
    public PickleGlobal Type { get; } = type;

    public PickleDict Attributes { get; } = new();
}

/// <summary>A Python set or frozenset (kept as a list of its items).</summary>
internal sealed class PickleSet(List<object?> items)
{
    public List<object?> Items { get; } = items;
}

/// <summary>The element types of PyTorch storages.</summary>
internal enum TorchDType
{
    Float32,
    Float64,
    Float16,
    BFloat16,
    Int64,
    Int32,
    Int16,
    Int8,
    UInt8,
    Bool,
}

/// <summary>A tensor storage named by a checkpoint's persistent id: its archive record and declared element count.</summary>
internal sealed record TorchStorageRef(TorchDType DType, string Key, string Location, long ElementCount);

/// <summary>
/// A tensor rebuilt by <c>torch._utils._rebuild_tensor_v2</c>: a view (offset and strides in elements) into a storage.
/// The view is validated against the storage when it is created; values are read only when needed.
/// </summary>
internal sealed record TorchTensorRef(TorchStorageRef Storage, long Offset, int[] Shape, long[] Strides)
{
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var s in Shape) n *= s;
            return n;
        }
    }
}
