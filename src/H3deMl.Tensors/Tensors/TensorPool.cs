using System.Numerics;

namespace H3deMl.Tensors;

/// <summary>
/// A bucketed pool of float arrays (power-of-two size classes above 4 Ki elements). Unlike
/// <see cref="System.Buffers.ArrayPool{T}"/> it keeps large buffers, which is what activations of 3D networks are.
/// </summary>
internal sealed class TensorPool
{
    internal static readonly TensorPool Shared = new();

    private const int MinBucketBits = 12;
    private const int MaxBucketBits = 31;
    private const int MaxPerBucket = 64;
    private readonly Stack<float[]>[] _buckets = new Stack<float[]>[MaxBucketBits + 1];
    private readonly Lock _lock = new();

    private TensorPool()
    {
        for (var i = 0; i < _buckets.Length; i++) _buckets[i] = new Stack<float[]>();
    }

    private static int BucketOf(int length) =>
        length <= 1 << MinBucketBits ? MinBucketBits : 32 - BitOperations.LeadingZeroCount((uint)(length - 1));

    internal float[] Rent(int length)
    {
        if (length == 0) return [];
        var bucket = BucketOf(length);
        lock (_lock)
        {
            if (_buckets[bucket].TryPop(out var a)) return a;
        }
        var size = bucket >= 31 ? Array.MaxLength : 1 << bucket;
        return GC.AllocateUninitializedArray<float>(Math.Max(size, length));
    }

    internal void Return(float[] array)
    {
        if (array.Length == 0) return;
        var bucket = BucketOf(array.Length);
        if (bucket < 31 && array.Length != 1 << bucket && array.Length > 1 << MinBucketBits) return;
        lock (_lock)
        {
            if (_buckets[bucket].Count < MaxPerBucket) _buckets[bucket].Push(array);
        }
    }

    /// <summary>Drops every pooled buffer (for tests and for callers that want the memory back).</summary>
    internal void Trim()
    {
        lock (_lock)
            foreach (var b in _buckets) b.Clear();
    }
}
