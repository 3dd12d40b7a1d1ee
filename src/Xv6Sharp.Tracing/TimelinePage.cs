using System.Reflection;
using System.Text.Json;

namespace Xv6Sharp.Tracing;

/// <summary>
/// `trace --html OUT`: one self-contained page (its script, style and data
/// inline; it opens with no network) drawing a <see cref="TimelineModel"/>
/// on a canvas: zoom with the wheel, pan by dragging, click for details.
/// The page is Timeline/timeline.html, embedded in this assembly.
/// </summary>
public static class TimelinePage
{
    private const string DataSlot = "/*TIMELINE-DATA*/null";

    public static string Render(TraceFileContents trace, string title)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Xv6Sharp.Tracing.Timeline.timeline.html")
                           ?? throw new InvalidOperationException("timeline.html is not embedded");
        string page = new StreamReader(stream).ReadToEnd();
        // The default encoder escapes <, > and & too, so the data cannot close the script element.
        string data = JsonSerializer.Serialize(TimelineModel.From(trace, title));
        return page.Replace(DataSlot, data, StringComparison.Ordinal).Replace("<!--TITLE-->", System.Net.WebUtility.HtmlEncode(title), StringComparison.Ordinal);
    }
}
