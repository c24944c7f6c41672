using System.Numerics;

namespace H3deMl.Tensors;

/// <summary>
/// A best-fit pool of float arrays. A request takes the smallest idle array that holds it and is at most twice its
/// size; otherwise a new array is allocated, its length rounded up to one of eight steps per power of two (at most
/// 12.5 % slack). Unlike power-of-two buckets, a returned buffer serves any request of similar size, so a pass whose
/// tensors change size from layer to layer reuses its buffers instead of allocating new ones beside idle ones.
/// </summary>
internal sealed class TensorPool
{
    internal static readonly TensorPool Shared = new();

    private const int MinLength = 1024;
    private const int MaxIdle = 1024;

    // Idle arrays sorted by length (ascending).
    private readonly List<float[]> _idle = [];
    private readonly Lock _lock = new();

    private TensorPool()
    {
    }

    internal float[] Rent(int length)
    {
        if (length == 0) return [];
        lock (_lock)
        {
            var i = FirstAtLeast(length);
            if (i < _idle.Count && _idle[i].Length / 2 <= length)
            {
                var a = _idle[i];
                _idle.RemoveAt(i);
                return a;
            }
        }
        return GC.AllocateUninitializedArray<float>(CapacityFor(length));
    }

    internal void Return(float[] array)
    {
        if (array.Length == 0) return;
        lock (_lock)
        {
            _idle.Insert(FirstAtLeast(array.Length), array);
            if (_idle.Count > MaxIdle) _idle.RemoveAt(0);
        }
    }

    /// <summary>Bytes of the idle buffers the pool holds.</summary>
    internal long IdleBytes()
    {
        long total = 0;
        lock (_lock)
            foreach (var a in _idle) total += 4L * a.Length;
        return total;
    }

    /// <summary>Drops every pooled buffer (for tests and for callers that want the memory back).</summary>
    internal void Trim()
    {
        lock (_lock) _idle.Clear();
    }

    /// <summary>The length rounded up to 1, 1.125, …, 1.875 times a power of two (at least <see cref="MinLength"/>).</summary>
    internal static int CapacityFor(int length)
    {
        if (length <= MinLength) return MinLength;
        var shift = Math.Max(0, 28 - BitOperations.LeadingZeroCount((uint)length)); // keeps the top four bits
        var step = 1L << shift;
        var rounded = (length + step - 1) / step * step;
        return (int)Math.Min(rounded, Array.MaxLength);
    }

    private int FirstAtLeast(int length)
    {
        int lo = 0, hi = _idle.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_idle[mid].Length < length) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
