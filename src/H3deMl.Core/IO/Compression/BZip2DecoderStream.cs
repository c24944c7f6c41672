namespace H3deMl.Core.IO.Compression;

/// <summary>A read-only stream that decompresses bzip2 data (one or more concatenated streams), written from the
/// published format description: Burrows–Wheeler transform, move-to-front, RUNA/RUNB zero runs, Huffman groups of 50
/// symbols, and the initial run-length stage. Every block's CRC is checked.</summary>
/// <remarks>Corrupt data raises <see cref="InvalidDataException"/>, as <see cref="System.IO.Compression.GZipStream"/> does.</remarks>
internal sealed class BZip2DecoderStream : Stream
{
    private const int MaxCodeLength = 20;
    private const int MaxGroups = 6;
    private const int GroupSize = 50;
    private static readonly uint[] CrcTable = BuildCrcTable();

    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private readonly byte[] _inBuffer = new byte[1 << 16];
    private int _inPos;
    private int _inLength;
    private ulong _bitBuffer;
    private int _bitCount;
    private int _blockSizeMax;
    private bool _streamStarted;
    private bool _finished;

    private byte[] _out = new byte[1 << 16];
    private int _outPos;
    private int _outLength;

    private int[] _tt = [];
    private byte[] _block = [];

    public BZip2DecoderStream(Stream input, bool leaveOpen = false)
    {
        _input = input;
        _leaveOpen = leaveOpen;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            if (_outPos == _outLength)
            {
                if (_finished || !DecodeNextBlock())
                {
                    break;
                }

                continue;
            }

            int n = Math.Min(buffer.Length - done, _outLength - _outPos);
            _out.AsSpan(_outPos, n).CopyTo(buffer[done..]);
            _outPos += n;
            done += n;
        }

        return done;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _input.Dispose();
        }

        base.Dispose(disposing);
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n << 24;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }

            table[n] = c;
        }

        return table;
    }

    private bool TryFillBits(int need)
    {
        while (_bitCount < need)
        {
            if (_inPos == _inLength)
            {
                _inLength = _input.Read(_inBuffer, 0, _inBuffer.Length);
                _inPos = 0;
                if (_inLength == 0)
                {
                    return false;
                }
            }

            _bitBuffer = (_bitBuffer << 8) | _inBuffer[_inPos++];
            _bitCount += 8;
        }

        return true;
    }

    private uint Bits(int n)
    {
        if (!TryFillBits(n))
        {
            throw new InvalidDataException("the bzip2 stream ends in the middle of a block");
        }

        _bitCount -= n;
        return (uint)(_bitBuffer >> _bitCount) & (uint)((1UL << n) - 1);
    }

    private bool Bit() => Bits(1) != 0;

    private bool StartStream()
    {
        // Streams are byte aligned; drop the padding bits of the previous one.
        _bitCount -= _bitCount % 8;
        if (!TryFillBits(8))
        {
            return false;
        }

        if (Bits(8) != 'B' || Bits(8) != 'Z' || Bits(8) != 'h')
        {
            throw new InvalidDataException("missing the bzip2 signature 'BZh'");
        }

        uint level = Bits(8);
        if (level < '1' || level > '9')
        {
            throw new InvalidDataException("invalid bzip2 block size");
        }

        _blockSizeMax = (int)(level - '0') * 100_000;
        _streamStarted = true;
        return true;
    }

    private bool DecodeNextBlock()
    {
        while (true)
        {
            if (!_streamStarted && !StartStream())
            {
                _finished = true;
                return false;
            }

            ulong magic = ((ulong)Bits(24) << 24) | Bits(24);
            uint storedCrc = Bits(32);
            if (magic == 0x177245385090UL)
            {
                _streamStarted = false;
                _ = storedCrc;
                continue;
            }

            if (magic != 0x314159265359UL)
            {
                throw new InvalidDataException("invalid bzip2 block signature");
            }

            DecodeBlock(storedCrc);
            return true;
        }
    }

    private void DecodeBlock(uint storedCrc)
    {
        if (Bit())
        {
            throw new InvalidDataException("randomised bzip2 blocks (from bzip2 0.9.0) are not supported");
        }

        int origPtr = (int)Bits(24);

        // Symbol map: which of the 256 byte values occur.
        uint used16 = Bits(16);
        Span<byte> seqToUnseq = stackalloc byte[256];
        int inUse = 0;
        for (int i = 0; i < 16; i++)
        {
            if ((used16 & (0x8000u >> i)) != 0)
            {
                uint bits = Bits(16);
                for (int j = 0; j < 16; j++)
                {
                    if ((bits & (0x8000u >> j)) != 0)
                    {
                        seqToUnseq[inUse++] = (byte)((i * 16) + j);
                    }
                }
            }
        }

        if (inUse == 0)
        {
            throw new InvalidDataException("a bzip2 block uses no symbols");
        }

        int alphaSize = inUse + 2;
        int nGroups = (int)Bits(3);
        int nSelectors = (int)Bits(15);
        if (nGroups < 2 || nGroups > MaxGroups || nSelectors < 1)
        {
            throw new InvalidDataException("invalid bzip2 Huffman group count");
        }

        // Selectors, move-to-front coded in unary.
        Span<byte> groupMtf = stackalloc byte[MaxGroups];
        for (int g = 0; g < nGroups; g++)
        {
            groupMtf[g] = (byte)g;
        }

        var selectors = new byte[nSelectors];
        for (int s = 0; s < nSelectors; s++)
        {
            int j = 0;
            while (Bit())
            {
                if (++j >= nGroups)
                {
                    throw new InvalidDataException("invalid bzip2 selector");
                }
            }

            byte v = groupMtf[j];
            for (; j > 0; j--)
            {
                groupMtf[j] = groupMtf[j - 1];
            }

            groupMtf[0] = v;
            selectors[s] = v;
        }

        // Code lengths, delta coded, then canonical decode tables per group.
        var counts = new int[nGroups][];
        var symbols = new int[nGroups][];
        Span<byte> lengths = stackalloc byte[258];
        for (int g = 0; g < nGroups; g++)
        {
            int len = (int)Bits(5);
            for (int s = 0; s < alphaSize; s++)
            {
                while (true)
                {
                    if (len < 1 || len > MaxCodeLength)
                    {
                        throw new InvalidDataException("invalid bzip2 code length");
                    }

                    if (!Bit())
                    {
                        break;
                    }

                    len += Bit() ? -1 : 1;
                }

                lengths[s] = (byte)len;
            }

            counts[g] = new int[MaxCodeLength + 1];
            foreach (byte l in lengths[..alphaSize])
            {
                counts[g][l]++;
            }

            var offsets = new int[MaxCodeLength + 2];
            for (int l = 1; l <= MaxCodeLength; l++)
            {
                offsets[l + 1] = offsets[l] + counts[g][l];
            }

            symbols[g] = new int[alphaSize];
            for (int s = 0; s < alphaSize; s++)
            {
                symbols[g][offsets[lengths[s]]++] = s;
            }
        }

        // Huffman symbols → MTF/RLE2 → block bytes.
        if (_block.Length < _blockSizeMax)
        {
            _block = new byte[_blockSizeMax];
            _tt = new int[_blockSizeMax];
        }

        Span<byte> mtf = stackalloc byte[256];
        for (int i = 0; i < 256; i++)
        {
            mtf[i] = (byte)i;
        }

        Span<int> byteCount = stackalloc int[256];
        byteCount.Clear();
        int n = 0;
        int selector = 0;
        int groupLeft = 0;
        int[] count = counts[0];
        int[] symbol = symbols[0];
        int runLength = 0;
        int runWeight = 1;
        int eob = inUse + 1;
        while (true)
        {
            if (groupLeft == 0)
            {
                if (selector >= nSelectors)
                {
                    throw new InvalidDataException("bzip2 selectors exhausted");
                }

                count = counts[selectors[selector]];
                symbol = symbols[selectors[selector]];
                selector++;
                groupLeft = GroupSize;
            }

            groupLeft--;
            int sym = DecodeSymbol(count, symbol);
            if (sym <= 1)
            {
                runLength += runWeight << sym;
                runWeight <<= 1;
                if (runLength > _blockSizeMax)
                {
                    throw new InvalidDataException("bzip2 run exceeds the block size");
                }

                continue;
            }

            if (runLength > 0)
            {
                if (n + runLength > _blockSizeMax)
                {
                    throw new InvalidDataException("bzip2 block exceeds its declared size");
                }

                byte b = seqToUnseq[mtf[0]];
                _block.AsSpan(n, runLength).Fill(b);
                byteCount[b] += runLength;
                n += runLength;
                runLength = 0;
                runWeight = 1;
            }

            if (sym == eob)
            {
                break;
            }

            if (n >= _blockSizeMax)
            {
                throw new InvalidDataException("bzip2 block exceeds its declared size");
            }

            int index = sym - 1;
            byte value = mtf[index];
            for (int i = index; i > 0; i--)
            {
                mtf[i] = mtf[i - 1];
            }

            mtf[0] = value;
            byte outByte = seqToUnseq[value];
            _block[n++] = outByte;
            byteCount[outByte]++;
        }

        if (origPtr < 0 || origPtr >= Math.Max(1, n))
        {
            throw new InvalidDataException("invalid bzip2 origin pointer");
        }

        // Inverse Burrows–Wheeler transform.
        Span<int> cumulative = stackalloc int[256];
        int sum = 0;
        for (int i = 0; i < 256; i++)
        {
            cumulative[i] = sum;
            sum += byteCount[i];
        }

        for (int i = 0; i < n; i++)
        {
            _tt[cumulative[_block[i]]++] = i;
        }

        // Undo the initial run-length stage (4 equal bytes then a repeat count) while walking the BWT chain.
        _outPos = 0;
        _outLength = 0;
        uint crc = 0xFFFFFFFF;
        int pos = n > 0 ? _tt[origPtr] : 0;
        int last = -1;
        int same = 0;
        for (int i = 0; i < n; i++)
        {
            byte b = _block[pos];
            pos = _tt[pos];
            if (same == 4)
            {
                EnsureOut(b);
                for (int r = 0; r < b; r++)
                {
                    _out[_outLength++] = (byte)last;
                    crc = (crc << 8) ^ CrcTable[(crc >> 24) ^ (uint)last];
                }

                same = 0;
                last = -1;
                continue;
            }

            same = b == last ? same + 1 : 1;
            last = b;
            EnsureOut(1);
            _out[_outLength++] = b;
            crc = (crc << 8) ^ CrcTable[(crc >> 24) ^ b];
        }

        if (~crc != storedCrc)
        {
            throw new InvalidDataException("bzip2 block CRC mismatch");
        }
    }

    private void EnsureOut(int extra)
    {
        if (_outLength + extra > _out.Length)
        {
            Array.Resize(ref _out, Math.Max(_out.Length * 2, _outLength + extra));
        }
    }

    private int DecodeSymbol(int[] count, int[] symbol)
    {
        int code = 0;
        int first = 0;
        int index = 0;
        for (int len = 1; len <= MaxCodeLength; len++)
        {
            code |= (int)Bits(1);
            int c = count[len];
            if (code - c < first)
            {
                return symbol[index + (code - first)];
            }

            index += c;
            first += c;
            first <<= 1;
            code <<= 1;
        }

        throw new InvalidDataException("invalid bzip2 Huffman code");
    }
}
