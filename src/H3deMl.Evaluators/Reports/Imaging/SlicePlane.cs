using H3deMl.Core.Geometry;

namespace H3deMl.Evaluators.Reports.Imaging;

/// <summary>An orthogonal plane of the patient (LPS) frame, with the screen directions radiologists expect.</summary>
internal enum SlicePlane
{
    /// <summary>Normal S; columns run towards L (patient's right on the viewer's left), rows towards P (anterior at the top).</summary>
    Axial,

    /// <summary>Normal P; columns run towards L, rows towards I (superior at the top).</summary>
    Coronal,

    /// <summary>Normal L; columns run towards P (anterior on the left), rows towards I (superior at the top).</summary>
    Sagittal,
}

/// <summary>The screen axes of each <see cref="SlicePlane"/>.</summary>
internal static class SlicePlaneAxes
{
    /// <summary>The LPS directions of increasing column (u) and row (v), and the plane normal.</summary>
    public static (Vector3d U, Vector3d V, Vector3d Normal) Of(SlicePlane plane) => plane switch
    {
        SlicePlane.Axial => (new Vector3d(1, 0, 0), new Vector3d(0, 1, 0), new Vector3d(0, 0, 1)),
        SlicePlane.Coronal => (new Vector3d(1, 0, 0), new Vector3d(0, 0, -1), new Vector3d(0, 1, 0)),
        _ => (new Vector3d(0, 1, 0), new Vector3d(0, 0, -1), new Vector3d(1, 0, 0)),
    };

    /// <summary>The anatomical letters at the left, right, top and bottom edges of a view.</summary>
    public static (string Left, string Right, string Top, string Bottom) Letters(SlicePlane plane) => plane switch
    {
        SlicePlane.Axial => ("R", "L", "A", "P"),
        SlicePlane.Coronal => ("R", "L", "S", "I"),
        _ => ("A", "P", "S", "I"),
    };
}
