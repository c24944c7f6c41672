using H3deMl.Core.Volumes;
using H3deMl.TestKit;

namespace H3deMl.Core.Tests.IO.ElementTypes;

/// <summary>A real uint8 scan (the mouse CT atlas) keeps its type through conversions.</summary>
public sealed class RealFileElementTypeTests
{
    private const string MouseAtlas = "mouse-ct-atlas/volumes/A_J_.nii.gz";

    [DataFact(MouseAtlas)]
    public void Convert_Uint8NiftiToNrrdToNifti_KeepsUint8AndIdenticalVoxels()
    {
        Volume source = Volume.Read(TestData.File(MouseAtlas));
        using var dir = new TempDirectory();
        string nrrd = Path.Combine(dir.Path, "a.nrrd");
        string nifti = Path.Combine(dir.Path, "a.nii.gz");

        source.Write(nrrd);
        Volume viaNrrd = Volume.Read(nrrd);
        viaNrrd.Write(nifti);
        Volume back = Volume.Read(nifti);

        Assert.Equal(VolumeElementType.UInt8, source.OriginalElementType);
        Assert.Equal(VolumeElementType.UInt8, viaNrrd.OriginalElementType);
        Assert.Equal(VolumeElementType.UInt8, back.OriginalElementType);
        Assert.Equal(source.Voxels, viaNrrd.Voxels);
        Assert.Equal(source.Voxels, back.Voxels);
        Assert.True(source.Geometry.IsClose(back.Geometry, 1e-9), $"{back.Geometry} vs {source.Geometry}");

        // The header says uint8 (datatype 2, bitpix 8): one byte per voxel, not the float32 the writers used to store.
        byte[] header = ReadNiftiHeader(nifti);
        Assert.Equal(2, BitConverter.ToInt16(header, 70));
        Assert.Equal(8, BitConverter.ToInt16(header, 72));
    }

    private static byte[] ReadNiftiHeader(string path)
    {
        using var file = File.OpenRead(path);
        using var gz = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        var header = new byte[348];
        gz.ReadExactly(header);
        return header;
    }
}
