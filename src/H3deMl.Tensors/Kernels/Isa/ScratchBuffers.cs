using System.Runtime.InteropServices;

namespace H3deMl.Tensors.Kernels.Isa;

/// <summary>
/// Per-thread, 64-byte aligned scratch memory for packing panels. Each thread keeps its buffers (they grow, never
/// shrink), so a kernel call allocates nothing after warm-up. Slots are independent: a caller may hold several.
/// </summary>
internal static unsafe class ScratchBuffers
{
    internal const int SlotCount = 6;

    [ThreadStatic] private static Slots? t_slots;

    private sealed class Slots
    {
        internal readonly nint[] Pointers = new nint[SlotCount];
        internal readonly long[] Lengths = new long[SlotCount];

        ~Slots()
        {
            for (var i = 0; i < SlotCount; i++)
                if (Pointers[i] != 0) NativeMemory.AlignedFree((void*)Pointers[i]);
        }
    }

    /// <summary>At least <paramref name="floats"/> floats of slot <paramref name="slot"/>, contents undefined.</summary>
    internal static float* Get(int slot, long floats)
    {
        var s = t_slots ??= new Slots();
        if (s.Lengths[slot] < floats)
        {
            if (s.Pointers[slot] != 0) NativeMemory.AlignedFree((void*)s.Pointers[slot]);
            var len = Math.Max(floats, s.Lengths[slot] * 3 / 2);
            // A little slack past the end lets vector loops read one vector beyond a logical row.
            s.Pointers[slot] = (nint)NativeMemory.AlignedAlloc((nuint)((len + 64) * sizeof(float)), 64);
            s.Lengths[slot] = len;
        }
        return (float*)s.Pointers[slot];
    }
}
