using System.Buffers.Binary;
using System.Text;

namespace H3deMl.Core.IO.Nifti;

/// <summary>The fields of a NIfTI-1 or NIfTI-2 header we use, widened to the NIfTI-2 types.</summary>
internal sealed class NiftiHeader
{
    public const int Nifti1Size = 348;
    public const int Nifti2Size = 540;

    public int Version { get; init; }

    public bool BigEndian { get; init; }

    public string Magic { get; init; } = "";

    public long[] Dim { get; } = new long[8];

    public short Datatype { get; set; }

    public short Bitpix { get; set; }

    public double[] Pixdim { get; } = new double[8];

    public long VoxOffset { get; set; }

    public double SclSlope { get; set; }

    public double SclInter { get; set; }

    public int QformCode { get; set; }

    public int SformCode { get; set; }

    public double QuaternB { get; set; }

    public double QuaternC { get; set; }

    public double QuaternD { get; set; }

    public double[] QOffset { get; } = new double[3];

    public double[][] Srow { get; } = [new double[4], new double[4], new double[4]];

    public int IntentCode { get; set; }

    public int XyztUnits { get; set; }

    public string Descrip { get; set; } = "";

    public int HeaderSize => Version == 1 ? Nifti1Size : Nifti2Size;

    /// <summary>Determines version and byte order from the first four bytes; null when they are neither 348 nor 540.</summary>
    public static (int Version, bool BigEndian)? Probe(ReadOnlySpan<byte> first4)
    {
        int le = BinaryPrimitives.ReadInt32LittleEndian(first4);
        int be = BinaryPrimitives.ReadInt32BigEndian(first4);
        return le switch
        {
            Nifti1Size => (1, false),
            Nifti2Size => (2, false),
            _ => be switch
            {
                Nifti1Size => (1, true),
                Nifti2Size => (2, true),
                _ => null,
            },
        };
    }

    public static NiftiHeader Parse(ReadOnlySpan<byte> b, int version, bool bigEndian)
    {
        var r = new Reader(bigEndian);
        if (version == 1)
        {
            var h = new NiftiHeader { Version = 1, BigEndian = bigEndian, Magic = Ascii(b.Slice(344, 4)) };
            for (int n = 0; n < 8; n++)
            {
                h.Dim[n] = r.I16(b, 40 + (2 * n));
                h.Pixdim[n] = r.F32(b, 76 + (4 * n));
            }

            h.IntentCode = r.I16(b, 68);
            h.Datatype = r.I16(b, 70);
            h.Bitpix = r.I16(b, 72);
            h.VoxOffset = (long)Math.Floor(r.F32Or(b, 108, -1));
            h.SclSlope = r.F32(b, 112);
            h.SclInter = r.F32(b, 116);
            h.XyztUnits = b[123];
            h.Descrip = Ascii(b.Slice(148, 80));
            h.QformCode = r.I16(b, 252);
            h.SformCode = r.I16(b, 254);
            h.QuaternB = r.F32(b, 256);
            h.QuaternC = r.F32(b, 260);
            h.QuaternD = r.F32(b, 264);
            for (int n = 0; n < 3; n++)
            {
                h.QOffset[n] = r.F32(b, 268 + (4 * n));
            }

            for (int row = 0; row < 3; row++)
            {
                for (int c = 0; c < 4; c++)
                {
                    h.Srow[row][c] = r.F32(b, 280 + (16 * row) + (4 * c));
                }
            }

            return h;
        }
        else
        {
            var h = new NiftiHeader { Version = 2, BigEndian = bigEndian, Magic = Ascii(b.Slice(4, 8)) };
            h.Datatype = r.I16(b, 12);
            h.Bitpix = r.I16(b, 14);
            for (int n = 0; n < 8; n++)
            {
                h.Dim[n] = r.I64(b, 16 + (8 * n));
                h.Pixdim[n] = r.F64(b, 104 + (8 * n));
            }

            h.VoxOffset = r.I64(b, 168);
            h.SclSlope = r.F64(b, 176);
            h.SclInter = r.F64(b, 184);
            h.Descrip = Ascii(b.Slice(240, 80));
            h.QformCode = r.I32(b, 344);
            h.SformCode = r.I32(b, 348);
            h.QuaternB = r.F64(b, 352);
            h.QuaternC = r.F64(b, 360);
            h.QuaternD = r.F64(b, 368);
            for (int n = 0; n < 3; n++)
            {
                h.QOffset[n] = r.F64(b, 376 + (8 * n));
            }

            for (int row = 0; row < 3; row++)
            {
                for (int c = 0; c < 4; c++)
                {
                    h.Srow[row][c] = r.F64(b, 400 + (32 * row) + (8 * c));
                }
            }

            h.XyztUnits = r.I32(b, 500);
            h.IntentCode = r.I32(b, 504);
            return h;
        }
    }

    private static string Ascii(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        ReadOnlySpan<byte> s = end < 0 ? bytes : bytes[..end];
        var sb = new StringBuilder(s.Length);
        foreach (byte c in s)
        {
            sb.Append(c is >= 32 and < 127 ? (char)c : '?');
        }

        return sb.ToString();
    }

    private readonly struct Reader(bool bigEndian)
    {
        public short I16(ReadOnlySpan<byte> b, int o) => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(b[o..]) : BinaryPrimitives.ReadInt16LittleEndian(b[o..]);

        public int I32(ReadOnlySpan<byte> b, int o) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b[o..]) : BinaryPrimitives.ReadInt32LittleEndian(b[o..]);

        public long I64(ReadOnlySpan<byte> b, int o) => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(b[o..]) : BinaryPrimitives.ReadInt64LittleEndian(b[o..]);

        public double F32(ReadOnlySpan<byte> b, int o) => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(b[o..]) : BinaryPrimitives.ReadSingleLittleEndian(b[o..]);

        public double F32Or(ReadOnlySpan<byte> b, int o, double fallback)
        {
            double v = F32(b, o);
            return double.IsFinite(v) ? v : fallback;
        }

        public double F64(ReadOnlySpan<byte> b, int o) => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b[o..]) : BinaryPrimitives.ReadDoubleLittleEndian(b[o..]);
    }
}
