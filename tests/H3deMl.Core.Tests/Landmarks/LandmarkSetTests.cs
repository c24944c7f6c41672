using System.Text.Json;
using H3deMl.Core.Geometry;
using H3deMl.Core.IO.Nifti;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Tests.IO;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;

namespace H3deMl.Core.Tests.Landmarks;

public sealed class LandmarkSetTests
{
    public static TheoryData<string> MouseCases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (JsonElement e in IoExpectations.Root.GetProperty("mouseLandmarks").EnumerateArray())
            {
                data.Add(e.GetProperty("case").GetString()!);
            }

            return data;
        }
    }

    public static TheoryData<string> FcsvFiles => IoExpectations.Files("fcsv");

    [DataTheory("mouse-ct-atlas/landmarks")]
    [MemberData(nameof(MouseCases))]
    public void Read_MouseMarkups_IndicesMatchNibabelAndLandInBone(string caseName)
    {
        JsonElement expected = IoExpectations.Root.GetProperty("mouseLandmarks").EnumerateArray().First(e => e.GetProperty("case").GetString() == caseName);
        Volume volume = NiftiReader.Read(TestData.File($"mouse-ct-atlas/volumes/{caseName}.nii.gz"));
        LandmarkSet set = LandmarkSet.Read(TestData.File($"mouse-ct-atlas/landmarks/{caseName}.mrk.json"));
        JsonElement[] points = [.. expected.GetProperty("points").EnumerateArray()];
        Assert.Equal(points.Length, set.Count);

        Vector3d[] indices = set.ToIndices(volume.Geometry);
        double sumAtLandmarks = 0;
        int inside = 0;
        for (int n = 0; n < points.Length; n++)
        {
            Assert.Equal(points[n].GetProperty("label").GetString(), set[n].Name);
            Assert.Equal(points[n].GetProperty("defined").GetBoolean(), set[n].IsPresent);
            IoExpectations.AssertClose(IoExpectations.Doubles(points[n], "index"), indices[n].ToArray(), 1e-4, $"landmark {set[n].Name} index");
            Assert.Equal(points[n].GetProperty("inside").GetBoolean(), volume.Geometry.ContainsIndex(indices[n]));
            if (volume.Geometry.ContainsIndex(indices[n]))
            {
                inside++;
                sumAtLandmarks += volume[(int)Math.Round(indices[n].X), (int)Math.Round(indices[n].Y), (int)Math.Round(indices[n].Z)];
            }
        }

        // Landmarks sit on bone: the mean intensity there is several times the volume's mean (mostly air).
        double background = expected.GetProperty("background_mean").GetDouble();
        Assert.True(sumAtLandmarks / inside > 3 * background, $"mean at landmarks {sumAtLandmarks / inside:F1}, volume mean {background:F1}");
    }

    [DataFact("mouse-ct-atlas/volumes/A_J_.nii.gz")]
    public void ToIndicesThenFromIndices_MouseLandmarks_WithinOneNanometre()
    {
        Volume volume = NiftiReader.Read(TestData.File("mouse-ct-atlas/volumes/A_J_.nii.gz"));
        LandmarkSet set = LandmarkSet.Read(TestData.File("mouse-ct-atlas/landmarks/A_J_.mrk.json"));

        LandmarkSet back = LandmarkSet.FromIndices(set.Names, set.ToIndices(volume.Geometry), [.. set.Landmarks.Select(l => l.IsPresent)], volume.Geometry);

        for (int n = 0; n < set.Count; n++)
        {
            double d = Vector3d.Distance(set[n].PositionLps, back[n].PositionLps);
            Assert.True(d <= 1e-6, $"landmark {set[n].Name}: {d} mm");
        }
    }

    [DataFact("mouse-ct-atlas/volumes/C57L_J_.nii.gz")]
    public void ContainsIndex_C57LLandmark1_BeyondLastVoxelCentreButInsideItsHalfVoxel()
    {
        // The data README calls C57L_J_ landmark 1 "just outside the field of view": nibabel puts it at k ≈ 165.45 in a
        // 166-slice volume, past the last voxel centre (165) but inside that voxel's box (< 165.5). The library's one
        // convention (VolumeSize.ContainsIndex) counts it inside: it lies within the scanned slab.
        Volume volume = NiftiReader.Read(TestData.File("mouse-ct-atlas/volumes/C57L_J_.nii.gz"));
        LandmarkSet set = LandmarkSet.Read(TestData.File("mouse-ct-atlas/landmarks/C57L_J_.mrk.json"));

        Vector3d index = set.ToIndices(volume.Geometry)[0];

        Assert.Equal("1", set[0].Name);
        Assert.InRange(index.Z, volume.Size.K - 1, volume.Size.K - 0.5);
        Assert.True(volume.Geometry.ContainsIndex(index));
        Assert.False(volume.Geometry.ContainsIndex(index + new Vector3d(0, 0, 0.1)));
    }

    [DataFact("mouse-ct-atlas/templates/Skull_LMs.fcsv")]
    public void Read_TemplateFcsvMarkupsAndCsv_Agree()
    {
        LandmarkSet fcsv = LandmarkSet.Read(TestData.File("mouse-ct-atlas/templates/Skull_LMs.fcsv"));
        LandmarkSet json = LandmarkSet.Read(TestData.File("mouse-ct-atlas/templates/45_LM-skull.mrk.json"));
        LandmarkSet csv = LandmarkSet.Read(TestData.File("mouse-ct-atlas/templates/low_res_skull_only_LM_LPS.csv"));

        Assert.Equal(51, fcsv.Count);
        Assert.Equal(fcsv.Count, csv.Count);
        for (int n = 0; n < fcsv.Count; n++)
        {
            Assert.True(Vector3d.Distance(fcsv[n].PositionLps, csv[n].PositionLps) < 1e-9, $"landmark {n}");
            Assert.Equal(fcsv[n].Name, csv[n].Name);
        }

        // The 45-landmark JSON is a subset with the same labels and positions.
        foreach (Landmark l in json.Landmarks)
        {
            Landmark match = fcsv.Landmarks.Single(f => f.Name == l.Name);
            Assert.True(Vector3d.Distance(match.PositionLps, l.PositionLps) < 1e-4, $"landmark {l.Name}");
        }
    }

    [DataTheory]
    [MemberData(nameof(FcsvFiles))]
    public void Read_FcsvDialects_MatchPythonParse(string file)
    {
        JsonElement expected = IoExpectations.Entry("fcsv", file);
        LandmarkSet set = LandmarkSet.Read(TestData.File(file));
        JsonElement[] points = [.. expected.GetProperty("points").EnumerateArray()];

        Assert.Equal(expected.GetProperty("count").GetInt32(), set.Count);
        for (int n = 0; n < points.Length; n++)
        {
            Assert.Equal(points[n].GetProperty("label").GetString(), set[n].Name);
            IoExpectations.AssertClose(IoExpectations.Doubles(points[n], "lps"), set[n].PositionLps.ToArray(), 1e-9, $"{file} point {n}");
        }
    }

    [Theory]
    [InlineData(".mrk.json")]
    [InlineData(".fcsv")]
    [InlineData(".csv")]
    public void WriteThenRead_WithMissingLandmark_RoundTrips(string extension)
    {
        var set = new LandmarkSet([
            new Landmark("nasion", new Vector3d(1.25, -2.5, 3.125), true),
            new Landmark("gone", new Vector3d(double.NaN, double.NaN, double.NaN), false),
            new Landmark("with,comma", new Vector3d(-0.1, 1e-7, 12345.678901234), true),
        ]);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "l" + extension);

        set.Write(path);
        LandmarkSet back = LandmarkSet.Read(path);

        Assert.Equal(set.Names, back.Names);
        Assert.Equal([true, false, true], back.Landmarks.Select(l => l.IsPresent));
        Assert.Equal(set[0].PositionLps, back[0].PositionLps);
        Assert.Equal(set[2].PositionLps, back[2].PositionLps);
    }

    [Fact]
    public void Read_MarkupsRasWithUndefinedStatus_ConvertsAndMarksMissing()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "r.mrk.json");
        File.WriteAllText(path, """
            {"markups":[{"type":"Fiducial","coordinateSystem":"RAS","controlPoints":[
              {"label":"a","position":[1,2,3],"positionStatus":"defined"},
              {"label":"b","position":[4,5,6],"positionStatus":"undefined"},
              {"label":"c","positionStatus":"missing"}]}]}
            """);

        LandmarkSet set = LandmarkSet.Read(path);

        Assert.Equal(new Vector3d(-1, -2, 3), set[0].PositionLps);
        Assert.True(set[0].IsPresent);
        Assert.False(set[1].IsPresent);
        Assert.False(set[2].IsPresent);
    }

    [Fact]
    public void Read_ReferenceNpyLabels_MissingBelowMinus100AndSpacingApplied()
    {
        using var dir = new TempDirectory();
        string labels = Path.Combine(dir.Path, "case7_label.npy");
        H3deMl.Core.IO.Numpy.NpyArray.WriteDoubles(labels, [10, 20, 30, -1000, -1000, -1000, 1.5, 0, 2], [3, 3]);
        H3deMl.Core.IO.Numpy.NpyArray.WriteDoubles(Path.Combine(dir.Path, "case7_spacing.npy"), [0.5, 0.25, 2], [3]);

        LandmarkSet set = LandmarkSet.Read(labels);

        Assert.Equal(new Vector3d(5, 5, 60), set[0].PositionLps);
        Assert.False(set[1].IsPresent);
        Assert.Equal(new Vector3d(0.75, 0, 4), set[2].PositionLps);
    }

    [Fact]
    public void Read_FcsvWithBadNumber_ThrowsNamingLine()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "bad.fcsv");
        File.WriteAllText(path, "# CoordinateSystem = LPS\n# columns = id,x,y,z,ow,ox,oy,oz,vis,sel,lock,label,desc,associatedNodeID\n1,1,oops,3,0,0,0,1,1,1,0,A,,\n");

        var e = Assert.Throws<LandmarkFormatException>(() => LandmarkSet.Read(path));

        Assert.Equal(3, e.Line);
        Assert.StartsWith("bad.fcsv: line 3", e.Message, StringComparison.Ordinal);
    }
}
