using System.Buffers.Binary;
using System.Text;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Trainers.Import;

/// <summary>
/// Reads the subset of the Python pickle format that <c>torch.save</c> writes (protocol 2; the few protocol 3–5
/// opcodes a re-saved file may carry are accepted too) into inert values (see PickleValues.cs).
/// </summary>
/// <remarks>
/// <para><b>Nothing is executed.</b> A pickle normally names Python callables (GLOBAL) and applies them (REDUCE, NEWOBJ,
/// BUILD). Here a GLOBAL is accepted only when it is on <see cref="AllowedGlobals"/>; anything else fails at once with
/// the name. Applying an allowed name builds one of the fixed records (a dict, a set, a tensor view, an attribute
/// record): no type is looked up, no reflection is used, no code is run.</para>
/// <para><b>Bounds.</b> Every length is checked against the bytes that remain before it is read; the memo, the mark
/// stack and tensor ranks are limited (<see cref="CheckpointLimits"/>); integers wider than 64 bits are refused.
/// Every failure is a <see cref="ModelFormatException"/> naming the file, the pickle entry and the byte offset.</para>
/// </remarks>
internal sealed class RestrictedUnpickler
{
    /// <summary>The callables and classes a checkpoint pickle may name (module, name).</summary>
    internal static readonly IReadOnlySet<string> AllowedGlobals = new HashSet<string>(StringComparer.Ordinal)
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
        "torch.FloatStorage", "torch.DoubleStorage", "torch.HalfStorage", "torch.BFloat16Storage",
        "torch.LongStorage", "torch.IntStorage", "torch.ShortStorage", "torch.CharStorage", "torch.ByteStorage", "torch.BoolStorage",
        "argparse.Namespace",
        "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset",
    };

    private static readonly object Mark = new();

    private readonly ReadOnlyMemory<byte> _data;
    private readonly string _source;
    private readonly string _entry;
    private readonly Func<object?, long, object> _persistentLoad;
    private readonly CheckpointLimits _limits;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos;
    private int _opStart;

    /// <param name="data">The pickle bytes.</param>
    /// <param name="source">The file, for messages.</param>
    /// <param name="entry">The pickle's name inside the file (e.g. "archive/data.pkl"), for messages.</param>
    /// <param name="persistentLoad">Resolves a persistent id (BINPERSID) to a value; called with the id and the opcode offset.</param>
    /// <param name="limits">The bounds to enforce.</param>
    public RestrictedUnpickler(ReadOnlyMemory<byte> data, string source, string entry, Func<object?, long, object> persistentLoad, CheckpointLimits limits)
    {
        _data = data;
        _source = source;
        _entry = entry;
        _persistentLoad = persistentLoad;
        _limits = limits;
    }

    /// <summary>Reads one pickle up to its STOP opcode and returns the value.</summary>
    /// <exception cref="ModelFormatException">The pickle is malformed, truncated, or uses anything outside the supported subset.</exception>
    public object? Load()
    {
        var span = _data.Span;
        while (true)
        {
            if (_pos >= span.Length) throw Error("the pickle ends before its STOP opcode; the file is truncated");
            _opStart = _pos;
            byte op = span[_pos++];
            switch (op)
            {
                case 0x80: // PROTO
                    {
                        int v = ReadByte();
                        if (v < 2 || v > 5) throw Error($"pickle protocol {v} is not supported (torch.save writes protocol 2)");
                        break;
                    }
                case 0x95: // FRAME: an 8-byte length hint; the frame content follows inline.
                    {
                        long n = (long)ReadUInt64();
                        if (n < 0 || n > Remaining) throw Error($"a FRAME declares {n:N0} bytes but only {Remaining:N0} remain; the file is truncated");
                        break;
                    }
                case (byte)'}': Push(new PickleDict()); break;        // EMPTY_DICT
                case (byte)']': Push(new List<object?>()); break;     // EMPTY_LIST
                case (byte)')': Push(new PickleTuple([])); break;     // EMPTY_TUPLE
                case (byte)'(':                                      // MARK
                    if (_marks.Count >= _limits.MaxMarkDepth) throw Error($"the pickle nests deeper than {_limits.MaxMarkDepth} levels");
                    _marks.Push(_stack.Count);
                    break;
                case (byte)'X': Push(ReadString(ReadUInt32())); break;  // BINUNICODE
                case 0x8c: Push(ReadString(ReadByte())); break;          // SHORT_BINUNICODE
                case 0x8d: Push(ReadString((long)ReadUInt64())); break;  // BINUNICODE8
                case (byte)'C': Push(ReadBytes(ReadByte())); break;      // SHORT_BINBYTES
                case (byte)'B': Push(ReadBytes(ReadUInt32())); break;    // BINBYTES
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break; // BININT
                case (byte)'K': Push((long)ReadByte()); break;                                       // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
                case 0x8a: Push(ReadLong1()); break;                                                 // LONG1
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;         // BINFLOAT
                case 0x88: Push(true); break;  // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case (byte)'N': Push(null); break; // NONE
                case (byte)'t': Push(new PickleTuple(PopToMark())); break; // TUPLE
                case 0x85: { var a = Pop(); Push(new PickleTuple([a])); break; } // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b])); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b, c])); break; } // TUPLE3
                case (byte)'l': Push(new List<object?>(PopToMark())); break; // LIST
                case 0x8f: Push(new PickleSet([])); break;                   // EMPTY_SET (protocol 4)
                case 0x91: Push(new PickleSet([.. PopToMark()])); break;     // FROZENSET (protocol 4)
                case 0x90: // ADDITEMS (protocol 4)
                    {
                        var items = PopToMark();
                        if (Peek() is not PickleSet set) throw Error($"ADDITEMS applies to a {Describe(Peek())}, not a set");
                        set.Items.AddRange(items);
                        break;
                    }
                case (byte)'s': // SETITEM
                    {
                        var value = Pop();
                        var key = Pop();
                        SetItem(Peek(), key, value);
                        break;
                    }
                case (byte)'u': // SETITEMS
                    {
                        var items = PopToMark();
                        if (items.Length % 2 != 0) throw Error("SETITEMS has an odd number of keys and values");
                        var target = Peek();
                        for (int i = 0; i < items.Length; i += 2) SetItem(target, items[i], items[i + 1]);
                        break;
                    }
                case (byte)'a': // APPEND
                    {
                        var value = Pop();
                        AsList(Peek(), "APPEND").Add(value);
                        break;
                    }
                case (byte)'e': // APPENDS
                    {
                        var items = PopToMark();
                        AsList(Peek(), "APPENDS").AddRange(items);
                        break;
                    }
                case (byte)'q': Memoize(ReadByte()); break;     // BINPUT
                case (byte)'r': Memoize(ReadUInt32()); break;   // LONG_BINPUT
                case 0x94: Memoize(_memo.Count); break;         // MEMOIZE
                case (byte)'h': Push(MemoGet(ReadByte())); break;     // BINGET
                case (byte)'j': Push(MemoGet(ReadUInt32())); break;   // LONG_BINGET
                case (byte)'0': Pop(); break;                         // POP
                case (byte)'1': PopToMark(); break;                   // POP_MARK
                case (byte)'c': // GLOBAL "module\nname\n"
                    {
                        var module = ReadLine();
                        var name = ReadLine();
                        Push(Global(module, name));
                        break;
                    }
                case 0x93: // STACK_GLOBAL
                    {
                        var name = Pop() as string;
                        var module = Pop() as string;
                        if (name is null || module is null) throw Error("STACK_GLOBAL needs two strings (module and name)");
                        Push(Global(module, name));
                        break;
                    }
                case (byte)'R': // REDUCE
                    {
                        var args = Pop();
                        var callable = Pop();
                        Push(Reduce(callable, args));
                        break;
                    }
                case 0x81: // NEWOBJ
                    {
                        var args = Pop();
                        var cls = Pop();
                        Push(NewObject(cls, args));
                        break;
                    }
                case (byte)'b': // BUILD
                    {
                        var state = Pop();
                        Build(Peek(), state);
                        break;
                    }
                case (byte)'Q': // BINPERSID
                    {
                        var pid = Pop();
                        Push(_persistentLoad(pid, _opStart));
                        break;
                    }
                case (byte)'.': // STOP
                    {
                        if (_marks.Count != 0) throw Error("the pickle stops inside an unfinished MARK group");
                        if (_stack.Count != 1) throw Error($"the pickle stops with {_stack.Count} values on its stack instead of 1");
                        return _stack[0];
                    }
                default:
                    throw Error($"opcode 0x{op:x2} ('{(op >= 0x20 && op < 0x7f ? ((char)op).ToString() : "?")}') is not part of what torch.save writes; this is not a PyTorch checkpoint or it was written by another tool");
            }
        }
    }

    private int Remaining => _data.Length - _pos;

    private ModelFormatException Error(string message, string? field = null) =>
        new(_source, $"{_source}: {_entry}, byte {_opStart:N0}: {message}.", field ?? _entry, _opStart);

    private ReadOnlySpan<byte> Take(long n)
    {
        if (n < 0 || n > Remaining) throw Error($"a value needs {n:N0} bytes but only {Remaining:N0} remain; the file is truncated");
        var s = _data.Span.Slice(_pos, (int)n);
        _pos += (int)n;
        return s;
    }

    private int ReadByte() => Take(1)[0];

    private long ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    private ulong ReadUInt64()
    {
        var v = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        return v > long.MaxValue ? ulong.MaxValue >> 1 : v; // an absurd length; Take() then reports it
    }

    private string ReadString(long length)
    {
        var bytes = Take(length);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("a string is not valid UTF-8");
        }
    }

    private byte[] ReadBytes(long length) => Take(length).ToArray();

    private string ReadLine()
    {
        var span = _data.Span[_pos..];
        int n = span.IndexOf((byte)'\n');
        if (n < 0) throw Error("a GLOBAL name is not terminated; the file is truncated");
        if (n > _limits.MaxKeyLength) throw Error($"a GLOBAL name is longer than {_limits.MaxKeyLength} bytes");
        var s = ReadString(n);
        _pos++;
        return s;
    }

    private long ReadLong1()
    {
        int n = ReadByte();
        var bytes = Take(n);
        if (n == 0) return 0;
        if (n > 8) throw Error($"an integer of {n} bytes is wider than 64 bits, which no checkpoint field needs");
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | bytes[i];
        if (n < 8 && (bytes[n - 1] & 0x80) != 0) v -= 1L << (8 * n); // two's complement sign
        return v;
    }

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        int floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor) throw Error("an opcode needs a value but the pickle stack is empty");
        var v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private object? Peek()
    {
        int floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor) throw Error("an opcode needs a value but the pickle stack is empty");
        return _stack[^1];
    }

    private object?[] PopToMark()
    {
        if (_marks.Count == 0) throw Error("an opcode needs a MARK but there is none");
        int at = _marks.Pop();
        var items = _stack.GetRange(at, _stack.Count - at).ToArray();
        _stack.RemoveRange(at, _stack.Count - at);
        return items;
    }

    private void Memoize(long index)
    {
        if (_stack.Count == 0) throw Error("a memo store with an empty stack");
        if (!_memo.ContainsKey(index) && _memo.Count >= _limits.MaxMemoEntries) throw Error($"the pickle stores more than {_limits.MaxMemoEntries:N0} memo entries");
        _memo[index] = _stack[^1];
    }

    private object? MemoGet(long index)
    {
        if (!_memo.TryGetValue(index, out var v)) throw Error($"the pickle refers to memo entry {index}, which was never stored");
        return v;
    }

    private void SetItem(object? target, object? key, object? value)
    {
        if (target is not PickleDict dict) throw Error($"SETITEM(S) applies to a {Describe(target)}, not a dict");
        if (!dict.Set(key, value)) throw Error($"a dict key is a {Describe(key)}, which is not a supported key type");
    }

    private List<object?> AsList(object? target, string op)
    {
        if (target is not List<object?> list) throw Error($"{op} applies to a {Describe(target)}, not a list");
        return list;
    }

    private PickleGlobal Global(string module, string name)
    {
        var full = $"{module}.{name}";
        if (!AllowedGlobals.Contains(full))
            throw Error($"the pickle names the Python global '{full}', which a PyTorch weight checkpoint never needs; it was refused without running anything (allowed: {string.Join(", ", AllowedGlobals.Order(StringComparer.Ordinal))}). if the file comes from a source you trust, re-save only its weights, with torch.save(model.state_dict(), path) or torch.save(checkpoint['state_dict'], path)", full);
        return new PickleGlobal(module, name);
    }

    private object Reduce(object? callable, object? args)
    {
        if (callable is not PickleGlobal g) throw Error($"REDUCE applies a {Describe(callable)}, which is not an allowed callable");
        if (args is not PickleTuple a) throw Error($"REDUCE of '{g.FullName}' has a {Describe(args)} as arguments instead of a tuple");
        switch (g.FullName)
        {
            case "collections.OrderedDict":
                {
                    var dict = new PickleDict();
                    if (a.Count == 0) return dict;
                    if (a.Count == 1 && a[0] is List<object?> pairs)
                    {
                        foreach (var p in pairs)
                        {
                            var kv = p switch { PickleTuple t when t.Count == 2 => t.Items, List<object?> l when l.Count == 2 => l.ToArray(), _ => null };
                            if (kv is null) throw Error("OrderedDict is built from an item that is not a (key, value) pair");
                            SetItem(dict, kv[0], kv[1]);
                        }
                        return dict;
                    }
                    throw Error("OrderedDict is called with arguments other than () or a list of pairs");
                }
            case "torch._utils._rebuild_tensor_v2":
                return RebuildTensor(a);
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                if (a.Count < 3 || a[0] is not TorchTensorRef tensor || a[1] is not bool)
                    throw Error($"{g.FullName} has arguments other than (tensor, requires_grad, hooks, ...)");
                return tensor;
            case "builtins.set":
            case "builtins.frozenset":
            case "__builtin__.set":
            case "__builtin__.frozenset":
                if (a.Count == 0) return new PickleSet([]);
                if (a.Count == 1 && a[0] is List<object?> items) return new PickleSet([.. items]);
                throw Error($"{g.FullName} is called with arguments other than () or a list");
            case "argparse.Namespace":
                if (a.Count != 0) throw Error("argparse.Namespace is called with positional arguments");
                return new PickleRecord(g);
        }
        throw Error($"'{g.FullName}' is not callable in a checkpoint");
    }

    private object NewObject(object? cls, object? args)
    {
        if (cls is not PickleGlobal g || g.FullName != "argparse.Namespace")
            throw Error($"NEWOBJ creates a {(cls is PickleGlobal c ? "'" + c.FullName + "'" : Describe(cls))}; only argparse.Namespace records are accepted");
        if (args is not PickleTuple { Count: 0 }) throw Error("argparse.Namespace is created with arguments");
        return new PickleRecord(g);
    }

    private void Build(object? target, object? state)
    {
        switch (target)
        {
            case PickleRecord record:
                if (state is not PickleDict attributes) throw Error($"the attributes of {record.Type.FullName} are a {Describe(state)}, not a dict");
                foreach (var (k, v) in attributes.Items) record.Attributes.Set(k, v);
                return;
            case PickleDict:
                // An OrderedDict state_dict carries its `_metadata` attribute (module versions) this way; it is not needed.
                if (state is not (PickleDict or PickleTuple or null)) throw Error($"a dict is given a {Describe(state)} as state");
                return;
            case TorchTensorRef:
                // Tensors with Python attributes (torch >= 2 may emit them); the attributes are not needed.
                if (state is not (PickleDict or PickleTuple or null)) throw Error($"a tensor is given a {Describe(state)} as state");
                return;
            default:
                throw Error($"BUILD sets the state of a {Describe(target)}, which has none");
        }
    }

    private TorchTensorRef RebuildTensor(PickleTuple a)
    {
        // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (a.Count is < 6 or > 7) throw Error($"_rebuild_tensor_v2 has {a.Count} arguments instead of 6 or 7");
        if (a[0] is not TorchStorageRef storage) throw Error($"_rebuild_tensor_v2 gets a {Describe(a[0])} instead of a storage");
        if (a[1] is not long offset || offset < 0) throw Error("a tensor has a storage offset that is not a non-negative integer");
        var size = IntTuple(a[2], "size");
        var stride = IntTuple(a[3], "stride");
        if (size.Length != stride.Length) throw Error($"a tensor has {size.Length} sizes but {stride.Length} strides");
        if (size.Length > _limits.MaxRank) throw Error($"a tensor has {size.Length} dimensions, more than {_limits.MaxRank}");
        var shape = new int[size.Length];
        long count = 1;
        long last = offset; // the largest element index the view touches
        for (int i = 0; i < size.Length; i++)
        {
            if (size[i] < 0 || size[i] > int.MaxValue) throw Error($"a tensor has size {size[i]} along dimension {i}");
            if (stride[i] < 0) throw Error($"a tensor has the negative stride {stride[i]} along dimension {i}");
            shape[i] = (int)size[i];
            count = size[i] == 0 || count == 0 ? 0 : (count > long.MaxValue / size[i] ? long.MaxValue : count * size[i]);
        }
        if (count > 0)
        {
            for (int i = 0; i < size.Length; i++)
            {
                // (size−1)·stride can overflow for absurd values: such a view cannot fit any storage.
                if (stride[i] != 0 && size[i] - 1 > (long.MaxValue - last) / stride[i]) { last = long.MaxValue; break; }
                last += (size[i] - 1) * stride[i];
            }
            if (last >= storage.ElementCount)
                throw Error($"a tensor of shape [{string.Join(", ", shape)}] (offset {offset:N0}, strides [{string.Join(", ", stride)}]) reaches element {(last == long.MaxValue ? "beyond 2^63" : last.ToString("N0"))} of storage '{storage.Key}', which holds {storage.ElementCount:N0} elements; the checkpoint is corrupt", storage.Key);
        }
        if (a[4] is not bool) throw Error("a tensor's requires_grad flag is not a boolean");
        return new TorchTensorRef(storage, offset, shape, stride);
    }

    private long[] IntTuple(object? value, string what)
    {
        if (value is not PickleTuple t) throw Error($"a tensor's {what} is a {Describe(value)}, not a tuple");
        var r = new long[t.Count];
        for (int i = 0; i < t.Count; i++)
        {
            if (t[i] is not long v) throw Error($"a tensor's {what} holds a {Describe(t[i])}, not an integer");
            r[i] = v;
        }
        return r;
    }

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        string => "str",
        long => "int",
        double => "float",
        bool => "bool",
        byte[] => "bytes",
        List<object?> => "list",
        PickleTuple => "tuple",
        PickleDict => "dict",
        PickleSet => "set",
        PickleGlobal g => $"global '{g.FullName}'",
        PickleRecord r => r.Type.FullName,
        TorchStorageRef => "storage",
        TorchTensorRef => "tensor",
        _ => value.GetType().Name,
    };
}
