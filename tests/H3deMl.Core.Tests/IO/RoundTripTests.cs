using H3deMl.Core.Geometry;
using H3deMl.Core.IO.Nifti;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;

namespace H3deMl.Core.Tests.IO;

public sealed class RoundTripTests
{
    public static TheoryData<string> Extensions => new() { ".nrrd", ".nhdr", ".nii", ".nii.gz", ".mha", ".mhd" };

    [Theory]
    [MemberData(nameof(Extensions))]
    public void WriteThenRead_ObliqueFlippedVolume_VoxelsExactGeometryPreserved(string extension)
    {
        Volume original = MakeOblique(components: 1);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v" + extension);

        original.Write(path);
        Volume back = Volume.Read(path);

        Assert.Equal(original.Size, back.Size);
        Assert.Equal(original.Voxels, back.Voxels);

        // MetaImage stores spacing and direction separately: exact to the last bit. NRRD stores direction × spacing, so
        // normalising back may move the last bit (1e-12 mm). NIfTI-1 stores the affine as float32 (1e-4 mm).
        if (extension is ".mha" or ".mhd")
        {
            Assert.Equal(original.Geometry, back.Geometry);
        }
        else
        {
            double tolerance = extension.StartsWith(".nii", StringComparison.Ordinal) ? 1e-4 : 1e-12;
            Assert.True(original.Geometry.IsClose(back.Geometry, tolerance), $"{back.Geometry} vs {original.Geometry}");
        }
    }

    [Theory]
    [MemberData(nameof(Extensions))]
    public void WriteThenRead_VectorVolume_ComponentsPreserved(string extension)
    {
        Volume original = MakeOblique(components: 3);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v" + extension);

        original.Write(path);
        Volume back = Volume.Read(path);

        Assert.Equal(3, back.Components);
        Assert.Equal(original.Voxels, back.Voxels);
    }

    [Fact]
    public void WriteThenRead_Npy_VoxelsExactAxisOrderKept()
    {
        Volume original = MakeOblique(components: 1);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "case_volume.npy");

        original.Write(path);
        Volume back = Volume.Read(path);

        Assert.Equal(original.Size, back.Size);
        Assert.Equal(original.Voxels, back.Voxels);
        Assert.Equal(original[3, 1, 2], back[3, 1, 2]);
    }

    [DataFact("mouse-ct-atlas/volumes/A_J_.nii.gz")]
    public void WriteThenRead_RealNifti_EveryFormatKeepsVoxelsAndGeometry()
    {
        Volume original = Volume.Read(TestData.File("mouse-ct-atlas/volumes/A_J_.nii.gz"));
        using var dir = new TempDirectory();
        foreach (string ext in new[] { ".nrrd", ".nhdr", ".nii.gz", ".mha", ".mhd" })
        {
            string path = Path.Combine(dir.Path, "a" + ext);
            original.Write(path);
            Volume back = Volume.Read(path);
            Assert.Equal(original.Voxels, back.Voxels);

            // The source came from a float32 NIfTI header, so even NIfTI-1 reproduces it exactly (to 1e-12 mm).
            Assert.True(original.Geometry.IsClose(back.Geometry, 1e-9), $"{ext}: {back.Geometry} vs {original.Geometry}");
        }
    }

    [Fact]
    public void WriteNifti_ObliqueGeometry_NibabelStyleQformAgreesWithSform()
    {
        Volume original = MakeOblique(components: 1);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "q.nii");
        original.Write(path);

        // Zero the sform code so the reader must use the quaternion we wrote.
        byte[] bytes = File.ReadAllBytes(path);
        bytes[254] = 0;
        bytes[255] = 0;
        File.WriteAllBytes(path, bytes);
        Volume back = NiftiReader.Read(path);

        Assert.Equal("qform", back.Metadata[VolumeMetadataKeys.NiftiTransform]);
        Assert.True(original.Geometry.IsClose(back.Geometry, 1e-4), $"{back.Geometry} vs {original.Geometry}");
    }

    internal static Volume MakeOblique(int components)
    {
        // Rotation of 30° about an oblique axis, with the third column flipped (determinant −1).
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        var rot = new Matrix3d(c, -s, 0, s * 0.6, c * 0.6, -0.8, s * 0.8, c * 0.8, 0.6);
        var direction = Matrix3d.FromColumns(rot.Column(0), rot.Column(1), -rot.Column(2));
        var geometry = new VolumeGeometry(new VolumeSize(5, 4, 3), new Vector3d(0.7, 1.3, 2.9), new Vector3d(-12.5, 33.25, 101.125), direction);
        var voxels = new float[geometry.Size.VoxelCount * components];
        for (int n = 0; n < voxels.Length; n++)
        {
            voxels[n] = (n * 37 % 101) - 50.5f + (n * 0.001f);
        }

        return new Volume(voxels, geometry, VolumeElementType.Float32, null, components);
    }
}
