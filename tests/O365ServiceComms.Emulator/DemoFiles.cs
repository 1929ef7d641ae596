using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace O365ServiceComms.Emulator;

/// <summary>
/// The files the demo tenant serves: post-incident review documents (a one-page PDF per issue whose status is
/// postIncidentReviewPublished) and Message Center attachments (two CSV files per post with hasAttachments), all
/// derived from the tenant data, so they are the same on every run.
/// </summary>
internal static class DemoFiles
{
    public const string PublishedStatus = "postIncidentReviewPublished";

    /// <summary>A served file: bytes, media type and the Content-Disposition header (null: none is sent).</summary>
    internal sealed record ServedFile(byte[] Content, string ContentType, string? ContentDisposition);

    /// <summary>
    /// The review of an issue, or null when none is published. Some issues carry file names that test the client:
    /// LY249981 a path and characters Windows forbids, TM236452 a non-ASCII name (filename*), CR237404 no name at all.
    /// </summary>
    public static ServedFile? IncidentReport(ServiceHealthIssue issue)
    {
        if (issue.Status != PublishedStatus)
        {
            return null;
        }

        var pdf = Pdf(
        [
            $"Post-incident review {issue.Id}",
            issue.Title,
            $"Service: {issue.Service} ({issue.Feature})",
            $"Start: {issue.StartDateTime:u}  End: {issue.EndDateTime:u}",
            $"User impact: {issue.ImpactDescription}",
        ]);
        var disposition = issue.Id switch
        {
            "LY249981" => $"attachment; filename=\"../../{issue.Id}: Post-incident review?.pdf\"",
            "TM236452" => $"attachment; filename=\"{issue.Id} - Post-incident review.pdf\"; filename*=UTF-8''{issue.Id}%20%E2%80%93%20Post-incident%20review.pdf",
            "CR237404" => null,
            _ => $"attachment; filename=\"{issue.Id} - Post-incident review.pdf\"",
        };
        return new ServedFile(pdf, "application/pdf", disposition);
    }

    public static IReadOnlyList<ServiceAnnouncementAttachment> Attachments(ServiceUpdateMessage message)
    {
        if (!message.HasAttachments)
        {
            return [];
        }

        var users = string.Join("\r\n", Enumerable.Range(1, 12).Select(i =>
            $"user{i:00}@contoso.onmicrosoft.com,{message.Services[0]},{(i % 3 == 0 ? "Mailbox" : "Account")}"));
        return
        [
            Attachment(message, 0, $"{message.Id} affected users.csv", "UserPrincipalName,Service,Scope\r\n" + users + "\r\n"),
            Attachment(message, 1, $"{message.Id} details.csv", $"Id,Title\r\n{message.Id},\"{message.Title.Replace("\"", "\"\"")}\"\r\n"),
        ];
    }

    /// <summary>A zip holding every attachment under its name, as attachmentsArchive serves it.</summary>
    public static ServedFile Archive(ServiceUpdateMessage message, IReadOnlyList<ServiceAnnouncementAttachment> attachments)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var attachment in attachments)
            {
                var entry = zip.CreateEntry(attachment.Name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(attachment.LastModifiedDateTime, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(attachment.Content);
            }
        }
        return new ServedFile(buffer.ToArray(), "application/zip", $"attachment; filename=\"{message.Id}_attachments.zip\"");
    }

    private static ServiceAnnouncementAttachment Attachment(ServiceUpdateMessage message, int index, string name, string text)
    {
        var content = Encoding.UTF8.GetBytes(text);
        var id = new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"{message.Id}/{index}"))).ToString();
        return new ServiceAnnouncementAttachment("application/csv", false, message.LastModifiedDateTime, name, content.Length, id) { Content = content };
    }

    /// <summary>A minimal valid PDF 1.4: one page, one line of Helvetica per text line.</summary>
    private static byte[] Pdf(IReadOnlyList<string> lines)
    {
        static string Escape(string text) =>
            new string(text.Select(c => c < 128 ? c : '?').ToArray()).Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");

        var stream = new StringBuilder("BT /F1 12 Tf 14 TL 56 780 Td\n");
        foreach (var line in lines)
        {
            stream.Append(CultureInfo.InvariantCulture, $"({Escape(line)}) Tj T*\n");
        }
        stream.Append("ET\n");

        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {stream.Length} >>\nstream\n{stream}endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
