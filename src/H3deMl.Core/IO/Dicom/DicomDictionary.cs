namespace H3deMl.Core.IO.Dicom;

/// <summary>
/// The subset of the PS3.6 data dictionary the reader needs: keywords and VRs of the interpreted tags, and which
/// tags are sequences (so that implicit-VR sequences of defined length are parsed rather than skipped).
/// The tables are generated (<c>generate_dicom_dictionary.py</c>), never typed by hand.
/// </summary>
internal static partial class DicomDictionary
{
    public static string? KeywordOf(DicomTag tag) => LookupKnown(tag.Value)?.Keyword;

    /// <summary>The VR an implicit-VR element of this tag has: group lengths are UL, known tags their PS3.6 VR,
    /// any other sequence tag SQ, everything else UN (kept as raw bytes).</summary>
    public static DicomVR ImplicitVR(DicomTag tag)
    {
        if (tag.Element == 0x0000)
        {
            return DicomVR.UL;
        }

        if (LookupKnown(tag.Value) is { } known)
        {
            return known.Vr;
        }

        return Array.BinarySearch(SequenceTags, tag.Value) >= 0 ? DicomVR.SQ : DicomVR.UN;
    }
}
