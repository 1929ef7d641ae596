using System.Text.Json;
using PuppeteerSharp;

// Opens an HTML file in the system's headless Chromium at each given viewport width and writes, as JSON on stdout,
// what a reader would notice: whether the page scrolls sideways, which elements spill out of their box, and where the
// page's sections start. tests/Publishing.Browser.Tests.ps1 asserts on it. It never downloads a browser.
//
// Usage: O365ServiceComms.PageProbe --page <file.html> --width 390 [--width 1280 ...] [--screenshots <folder>]
//        [--browser /usr/bin/chromium]

string? page = null, screenshots = null, browserPath = "/usr/bin/chromium";
var widths = new List<int>();
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--page": page = Path.GetFullPath(Next()); break;
        case "--width": widths.Add(int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
        case "--screenshots": screenshots = Path.GetFullPath(Next()); break;
        case "--browser": browserPath = Next(); break;
        default: Console.Error.WriteLine($"Unknown argument {args[i]}."); return 2;
    }
}

if (page is null || widths.Count == 0)
{
    Console.Error.WriteLine("Usage: O365ServiceComms.PageProbe --page <file.html> --width <px> [--width <px> ...] [--screenshots <folder>] [--browser <path>]");
    return 2;
}

if (!File.Exists(browserPath))
{
    Console.Error.WriteLine($"No browser at {browserPath}.");
    return 3;
}

// A profile of its own, so that no earlier run or other browser on the machine affects the page.
string profile = Directory.CreateTempSubdirectory("o365sc-pageprobe-").FullName;
try
{
    var options = new LaunchOptions
    {
        Headless = true,
        ExecutablePath = browserPath,
        UserDataDir = profile,
        Timeout = 60_000,
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run",
        ],
    };
    await using IBrowser browser = await Puppeteer.LaunchAsync(options);
    var results = new List<object>();
    foreach (int width in widths)
    {
        await using IPage tab = await browser.NewPageAsync();
        await tab.SetViewportAsync(new ViewPortOptions { Width = width, Height = 900 });
        // The page's Content-Security-Policy forbids scripts; the measuring script is ours, not the page's.
        await tab.SetBypassCSPAsync(true);
        await tab.GoToAsync(new Uri(page).AbsoluteUri, WaitUntilNavigation.Load);
        // The page as a reader first sees it (posts folded), before the measuring opens every post.
        string? screenshot = null;
        if (screenshots is not null)
        {
            Directory.CreateDirectory(screenshots);
            screenshot = Path.Combine(screenshots, $"{Path.GetFileNameWithoutExtension(page)}-{width}.png");
            int height = await tab.EvaluateExpressionAsync<int>("document.documentElement.scrollHeight");
            await tab.ScreenshotAsync(screenshot, new ScreenshotOptions
            {
                Clip = new PuppeteerSharp.Media.Clip { X = 0, Y = 0, Width = width, Height = Math.Min(height, MaxScreenshotHeight) },
                CaptureBeyondViewport = true,
            });
        }

        string json = await tab.EvaluateExpressionAsync<string>(MeasureScript);
        using JsonDocument measured = JsonDocument.Parse(json);

        results.Add(new { width, measured = measured.RootElement.Clone(), screenshot });
    }

    Console.Out.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }));
    return 0;
}
finally
{
    try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}

partial class Program
{
    // Chromium refuses to capture very tall pages; the top of the page is what a screenshot is for.
    private const int MaxScreenshotHeight = 8000;

    // Every <details> opened first: a post's body must fit when a reader opens it too.
    private const string MeasureScript = """
        (() => {
          for (const d of document.querySelectorAll('details')) d.open = true;
          const describe = e => {
            let name = e.tagName.toLowerCase();
            if (e.id) name += '#' + e.id;
            if (typeof e.className === 'string' && e.className.trim()) name += '.' + e.className.trim().split(/\s+/).join('.');
            return name + ' "' + (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60) + '"';
          };
          // Content kept for screen readers only (clipped to a 1 px box) is not seen, so it cannot spill.
          const screenReaderOnly = e => {
            for (let a = e; a && a !== document.body; a = a.parentElement) {
              const r = a.getBoundingClientRect();
              if (getComputedStyle(a).overflow === 'hidden' && (r.width <= 1 || r.height <= 1)) return true;
            }
            return false;
          };
          const overflows = [];
          for (const e of document.body.querySelectorAll('*')) {
            const style = getComputedStyle(e);
            if (style.display === 'none' || style.visibility === 'hidden') continue;
            const r = e.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            if (screenReaderOnly(e)) continue;
            if (style.display !== 'inline' && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
              overflows.push({ element: describe(e), problem: `content ${e.scrollWidth}px wide in a ${e.clientWidth}px box` });
            }
            const parent = e.parentElement;
            if (parent && parent !== document.documentElement) {
              const p = parent.getBoundingClientRect();
              if (r.left < p.left - 1 || r.right > p.right + 1) {
                overflows.push({ element: describe(e), problem: `spans ${Math.round(r.left)}..${Math.round(r.right)}px, outside its parent ${describe(parent).slice(0, 40)} at ${Math.round(p.left)}..${Math.round(p.right)}px` });
              }
            }
          }
          // Ids (service ids, incident and post ids) that break over two lines are hard to read and to copy.
          const lines = e => { const range = document.createRange(); range.selectNodeContents(e); return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; };
          const brokenIds = [...document.querySelectorAll('.sid, .mid')].filter(e => lines(e) > 1).map(describe);
          const top = selector => { const e = document.querySelector(selector); return e ? Math.round(e.getBoundingClientRect().top + scrollY) : null; };
          return JSON.stringify({
            innerWidth,
            scrollWidth: document.documentElement.scrollWidth,
            overflows: overflows.slice(0, 50),
            overflowCount: overflows.length,
            brokenIds: brokenIds.slice(0, 20),
            incidentsTop: top('#incidents'),
            servicesTop: top('#services'),
            messageCenterTop: top('#message-center'),
            serviceCards: document.querySelectorAll('#services li.service').length,
            incidents: document.querySelectorAll('#incidents article.incident').length,
            posts: document.querySelectorAll('#message-center tbody tr').length,
          });
        })()
        """;
}
