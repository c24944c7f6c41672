#!/usr/bin/env python3
"""Generates src/H3deMl.Tensors/Kernels/Gemm/MicroKernels.g.cs: register-blocked GEMM micro-kernels.

Each kernel computes an MR x NR tile C (+)= A_panel * B_panel over kc steps, with A packed as [p][MR] and B packed
as [p][NR] (NR = NV vectors). Run from the repository root: python3 bench/tools/gen_microkernels.py
"""
import os

SPECS = [  # (type, lanes, MR, NV)
    ("Vector512", 16, 8, 2),
    ("Vector256", 8, 6, 2),
    ("Vector128", 4, 6, 2),
]

def zero_accumulators(t, rows, cols):
    # var c{r}_{q} = Zero, one line per accumulator row.
    return ["        " + " ".join(f"var c{r}_{q} = {t}<float>.Zero;" for q in range(cols)) for r in range(rows)]

def add_previous(t, rows, cols, lanes):
    # if (accumulate) c{r}_{q} += C[r, q] (the block's sum added to what C held).
    L = ["        if (accumulate)", "        {"]
    for r in range(rows):
        for q in range(cols):
            L.append(f"            c{r}_{q} += {t}.Load(c + {r} * ldc + {q * lanes});")
    L.append("        }")
    return L

def store_accumulators(rows, cols, lanes):
    return [f"        c{r}_{q}.Store(c + {r} * ldc + {q * lanes});" for r in range(rows) for q in range(cols)]

def kernel(t, lanes, mr, nv, name):
    nr = lanes * nv
    L = []
    L.append(f"    /// <summary>{mr}x{nr} tile with {t}: C (+)= A·B over kc steps; A packed [p][{mr}], B packed [p][{nr}].</summary>")
    L.append("    [MethodImpl(KernelOptions)]")
    L.append(f"    internal static void {name}(int kc, float* a, float* b, float* c, nint ldc, bool accumulate)")
    L.append("    {")
    L += zero_accumulators(t, mr, nv)
    L.append("        for (var p = 0; p < kc; p++)")
    L.append("        {")
    for j in range(nv):
        L.append(f"            var b{j} = {t}.Load(b + {j * lanes});")
    for i in range(mr):
        L.append(f"            var a{i} = {t}.Create(a[{i}]);")
        for j in range(nv):
            L.append(f"            c{i}_{j} = {t}.FusedMultiplyAdd(a{i}, b{j}, c{i}_{j});")
    L.append(f"            a += {mr};")
    L.append(f"            b += {nr};")
    L.append("        }")
    L += add_previous(t, mr, nv, lanes)
    L += store_accumulators(mr, nv, lanes)
    L.append("    }")
    return L

def kernel_wide1(t, lanes, nv, name):
    # One row of A against two adjacent B panels (2*NV vectors): for m == 1 problems.
    nr = lanes * nv
    L = []
    L.append(f"    /// <summary>1x{2*nr} tile with {t} over two adjacent B panels (b, b2): for single-row problems.</summary>")
    L.append("    [MethodImpl(KernelOptions)]")
    L.append(f"    internal static void {name}(int kc, float* a, int aStep, float* b, float* b2, float* c, bool accumulate)")
    L.append("    {")
    for j in range(2 * nv):
        L.append(f"        var c{j} = {t}<float>.Zero;")
    L.append("        for (var p = 0; p < kc; p++)")
    L.append("        {")
    L.append(f"            var a0 = {t}.Create(*a);")
    for j in range(nv):
        L.append(f"            c{j} = {t}.FusedMultiplyAdd(a0, {t}.Load(b + {j*lanes}), c{j});")
    for j in range(nv):
        L.append(f"            c{nv+j} = {t}.FusedMultiplyAdd(a0, {t}.Load(b2 + {j*lanes}), c{nv+j});")
    L.append("            a += aStep;")
    L.append(f"            b += {nr};")
    L.append(f"            b2 += {nr};")
    L.append("        }")
    L.append("        if (accumulate)")
    L.append("        {")
    for j in range(2 * nv):
        L.append(f"            c{j} += {t}.Load(c + {j*lanes});")
    L.append("        }")
    for j in range(2 * nv):
        L.append(f"        c{j}.Store(c + {j*lanes});")
    L.append("    }")
    return L

def direct_kernel(t, lanes, mr, nv, name):
    # Like kernel(), but B row p is read straight from the source at b + off[p] (no packing).
    nr = lanes * nv
    L = []
    L.append(f"    /// <summary>{mr}x{nr} tile with {t}, B row p read unpacked at b + off[p]; A packed [p][{mr}].</summary>")
    L.append("    [MethodImpl(KernelOptions)]")
    L.append(f"    internal static void {name}(int kc, float* a, float* b, int* off, float* c, nint ldc, bool accumulate)")
    L.append("    {")
    L += zero_accumulators(t, mr, nv)
    L.append("        for (var p = 0; p < kc; p++)")
    L.append("        {")
    L.append("            var bp = b + off[p];")
    for j in range(nv):
        L.append(f"            var b{j} = {t}.Load(bp + {j * lanes});")
    for i in range(mr):
        L.append(f"            var a{i} = {t}.Create(a[{i}]);")
        for j in range(nv):
            L.append(f"            c{i}_{j} = {t}.FusedMultiplyAdd(a{i}, b{j}, c{i}_{j});")
    L.append(f"            a += {mr};")
    L.append("        }")
    L += add_previous(t, mr, nv, lanes)
    L += store_accumulators(mr, nv, lanes)
    L.append("    }")
    return L

CHANNEL_SPECS = [(2, 14), (3, 9), (4, 6)]  # (vectors of 16 output channels, output columns): 28 or fewer accumulators
CHANNEL_ROW_SPECS = [(1, 24)]  # (vectors of 16 output channels, output columns), kernel width 3

def channel_kernel(mv, nj, name):
    # Vector over output channels, broadcast over output columns: C[j][16*mv] (+)= sum_p B[off[p] + j] * A[p][16*mv].
    t = "Vector512"
    m = 16 * mv
    L = []
    L.append(f"    /// <summary>")
    L.append(f"    /// {nj} columns x {m} output channels with {t}: c[j·ldc + i] (+)= Σ_p b[off[p] + j]·a[p·{m} + i]; A packed")
    L.append(f"    /// [p][{m}], B read unpacked (scalar broadcasts, so no load ever splits a cache line).")
    L.append(f"    /// </summary>")
    L.append("    [MethodImpl(KernelOptions)]")
    L.append(f"    internal static void {name}(int kc, float* a, float* b, int* off, float* c, nint ldc, bool accumulate)")
    L.append("    {")
    L += zero_accumulators(t, nj, mv)
    L.append("        for (var p = 0; p < kc; p++)")
    L.append("        {")
    L.append("            var bp = b + off[p];")
    for i in range(mv):
        L.append(f"            var a{i} = {t}.Load(a + {16 * i});")
    for j in range(nj):
        if mv == 1:
            L.append(f"            c{j}_0 = {t}.FusedMultiplyAdd(a0, {t}.Create(bp[{j}]), c{j}_0);")
        else:
            L.append(f"            var b{j} = {t}.Create(bp[{j}]);")
            for i in range(mv):
                L.append(f"            c{j}_{i} = {t}.FusedMultiplyAdd(a{i}, b{j}, c{j}_{i});")
    L.append(f"            a += {m};")
    L.append("        }")
    L += add_previous(t, nj, mv, 16)
    L += store_accumulators(nj, mv, 16)
    L.append("    }")
    return L

def channel_row_kernel(mv, nj, kw, name):
    # Like channel_kernel(), but one step is a whole kernel row (kw taps): source value q feeds columns q - e for
    # every tap e, so a row costs nj + kw - 1 broadcasts instead of nj * kw. Column j still sums its taps in order.
    t = "Vector512"
    m = 16 * mv
    L = []
    L.append(f"    /// <summary>")
    L.append(f"    /// {nj} columns x {m} output channels with {t}, kernel rows of {kw} taps: c[j·ldc + i] (+)= Σ_r Σ_e")
    L.append(f"    /// b[off[r] + j + e]·a[(r·{kw} + e)·{m} + i]; each source value is broadcast once per row.")
    L.append(f"    /// </summary>")
    L.append("    [MethodImpl(KernelOptions)]")
    L.append(f"    internal static void {name}(int rows, float* a, float* b, int* off, float* c, nint ldc, bool accumulate)")
    L.append("    {")
    L += zero_accumulators(t, nj, mv)
    L.append("        for (var r = 0; r < rows; r++)")
    L.append("        {")
    L.append("            var bp = b + off[r];")
    for e in range(kw):
        for i in range(mv):
            L.append(f"            var w{e}_{i} = {t}.Load(a + {(e * mv + i) * 16});")
    for q in range(nj + kw - 1):
        L.append(f"            var x{q} = {t}.Create(bp[{q}]);")
        for e in range(kw):
            j = q - e
            if 0 <= j < nj:
                for i in range(mv):
                    L.append(f"            c{j}_{i} = {t}.FusedMultiplyAdd(w{e}_{i}, x{q}, c{j}_{i});")
    L.append(f"            a += {kw * m};")
    L.append("        }")
    L += add_previous(t, nj, mv, 16)
    L += store_accumulators(nj, mv, 16)
    L.append("    }")
    return L

WEIGHT_ROW_SPECS = [(2, 4), (3, 3), (4, 2)]  # (vectors of 16 output channels, kernel rows of 3 taps)

def weight_row_kernel(mv, rows, name):
    # Weight gradient with output channels in vectors: c[(r*3 + e)][i] (+)= sum_p b[off[r] + p + e] * a[p][i], the
    # positions p in order; one pointer per kernel row, the 3 taps of a row at immediate offsets.
    t = "Vector512"
    m = 16 * mv
    L = []
    L.append(f"    /// <summary>")
    L.append(f"    /// Weight gradient, {rows} kernel rows of 3 taps x {m} output channels with {t}: c[(r·3 + e)·ldc + i] (+)=")
    L.append(f"    /// Σ_p b[off[r] + p + e]·a[p·{m} + i] over p = 0 .. len − 1 in order; A packed [p][{m}].")
    L.append(f"    /// </summary>")
    L.append("    [MethodImpl(KernelOptions)]")
    L.append(f"    internal static void {name}(int len, float* a, float* b, int* off, float* c, nint ldc, bool accumulate)")
    L.append("    {")
    for r in range(rows):
        L.append(f"        var r{r} = b + off[{r}];")
    L += zero_accumulators(t, rows * 3, mv)
    L.append("        if (accumulate)")
    L.append("        {")
    for j in range(rows * 3):
        for i in range(mv):
            L.append(f"            c{j}_{i} = {t}.Load(c + {j} * ldc + {16 * i});")
    L.append("        }")
    L.append("        for (var p = 0; p < len; p++)")
    L.append("        {")
    for i in range(mv):
        L.append(f"            var a{i} = {t}.Load(a + {16 * i});")
    for r in range(rows):
        for e in range(3):
            j = r * 3 + e
            if mv == 1:
                L.append(f"            c{j}_0 = {t}.FusedMultiplyAdd(a0, {t}.Create(r{r}[{e}]), c{j}_0);")
            else:
                L.append(f"            var x{j} = {t}.Create(r{r}[{e}]);")
                for i in range(mv):
                    L.append(f"            c{j}_{i} = {t}.FusedMultiplyAdd(a{i}, x{j}, c{j}_{i});")
    L.append(f"            a += {m};")
    for r in range(rows):
        L.append(f"            r{r}++;")
    L.append("        }")
    L += store_accumulators(rows * 3, mv, 16)
    L.append("    }")
    return L

def dot_kernel(t, lanes, name):
    # 4x4 block of dot products: out[i*4+j] = sum_p a_i[p] * b_j[p], len a multiple of lanes.
    L = []
    L.append(f"    /// <summary>4x4 dot products with {t}: out[i·4 + j] = Σ_p a[i·lda + p]·b[j·ldb + p]; len is a multiple of {lanes}.</summary>")
    L.append("    [MethodImpl(KernelOptions)]")
    L.append(f"    internal static void {name}(float* a, nint lda, float* b, nint ldb, int len, float* output)")
    L.append("    {")
    for i in range(4):
        L.append("        " + " ".join(f"var s{i}{j} = {t}<float>.Zero;" for j in range(4)))
    L.append(f"        for (var p = 0; p < len; p += {lanes})")
    L.append("        {")
    for j in range(4):
        L.append(f"            var b{j} = {t}.Load(b + {j} * ldb + p);")
    for i in range(4):
        L.append(f"            var a{i} = {t}.Load(a + {i} * lda + p);")
        for j in range(4):
            L.append(f"            s{i}{j} = {t}.FusedMultiplyAdd(a{i}, b{j}, s{i}{j});")
    L.append("        }")
    for i in range(4):
        for j in range(4):
            L.append(f"        output[{i * 4 + j}] = {t}.Sum(s{i}{j});")
    L.append("    }")
    return L

out = ["// <auto-generated> by bench/tools/gen_microkernels.py; edit the generator, not this file. </auto-generated>",
       "using System.Runtime.CompilerServices;",
       "using System.Runtime.Intrinsics;",
       "",
       "namespace H3deMl.Tensors.Kernels.GemmImpl;",
       "",
       "/// <summary>Generated register-blocked micro-kernels, one per vector width.</summary>",
       "internal static unsafe partial class MicroKernels",
       "{",
       "    // Never inlined: a kernel needs most of the vector registers for its accumulators, and inlined into a caller that",
       "    // keeps values live across calls they would be spilled to the stack (as the benchmark's FMA loop was: 3x slower).",
       "    private const MethodImplOptions KernelOptions = MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining;",
       ""]
for (t, lanes, mr, nv) in SPECS:
    out.append(f"    internal const int Mr{lanes * 32} = {mr};" if False else f"    internal const int Mr{t[6:]} = {mr};")
    out.append(f"    internal const int Nr{t[6:]} = {lanes * nv};")
out.append("")
for (t, lanes, mr, nv) in SPECS:
    out += kernel(t, lanes, mr, nv, f"Tile{t[6:]}")
    out.append("")
    out += kernel_wide1(t, lanes, nv, f"Row{t[6:]}")
    out.append("")
for (t, lanes, mr, nv) in SPECS:
    out += direct_kernel(t, lanes, mr, nv, f"Direct{t[6:]}")
    out.append("")
for (mv, nj) in CHANNEL_SPECS:
    out += channel_kernel(mv, nj, f"Channels{16 * mv}x{nj}")
    out.append("")
for (mv, nj) in CHANNEL_ROW_SPECS:
    out += channel_row_kernel(mv, nj, 3, f"ChannelRows{16 * mv}x{nj}k3")
    out.append("")
for (mv, rows) in WEIGHT_ROW_SPECS:
    out += weight_row_kernel(mv, rows, f"WeightRows{16 * mv}x{rows}k3")
    out.append("")
for (t, lanes, mr, nv) in SPECS:
    out += dot_kernel(t, lanes, f"Dot4x4_{t[6:]}")
    out.append("")
out[-1] = "}"
path = os.path.join("src", "H3deMl.Tensors", "Kernels", "Gemm", "MicroKernels.g.cs")
with open(path, "w") as f:
    f.write("\n".join(out) + "\n")
print("wrote", path)
