using System.Text;
using H3deMl.Tensors.Serialization;
using H3deMl.TestKit;

namespace H3deMl.Tensors.Tests.Serialization;

/// <summary>Measures process-wide allocations, so it runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SafetensorsAllocationCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "Safetensors allocation budget";
}

/// <summary>A small safetensors file whose header declares a 4 GB tensor is refused having allocated at most
/// 2 × its size + 64 MB, from a file or from a stream that cannot tell its length (issue 15, item 1).</summary>
[Collection(SafetensorsAllocationCollection.Name)]
public sealed class SafetensorsAllocationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_HeaderDeclaringHugeTensor_RefusedWithinBudget(bool seekable)
    {
        byte[] file = Bomb();

        var (e, allocated) = AllocationBudget.MeasureThrows<ModelFormatException>(() =>
        {
            using Stream s = seekable ? new MemoryStream(file) : new ForwardOnlyStream(file);
            SafetensorsReader.Read(s, "bomb.safetensors");
        });

        Assert.Contains("bomb.safetensors", e.Message);
        AllocationBudget.AssertWithin(allocated, file.Length, seekable ? "seekable" : "forward-only");
    }

    private static byte[] Bomb()
    {
        const long count = 20_000L * 50_000L;
        byte[] json = Encoding.UTF8.GetBytes($"{{\"w\":{{\"dtype\":\"F32\",\"shape\":[20000,50000],\"data_offsets\":[0,{count * 4}]}}}}");
        return [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[1000]];
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
