using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// The Aspire dashboard in Debian's headless Chromium (no browser can be downloaded here), read as
/// a person sees it: the resources grid, a resource's actions menu, the structured logs.
/// </summary>
public sealed partial class AspireDashboard : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _browser;
    private readonly DirectoryInfo _profile;
    private readonly Uri _root;

    private AspireDashboard(IPlaywright playwright, IBrowserContext browser, DirectoryInfo profile, IPage page, Uri root)
    {
        _playwright = playwright;
        _browser = browser;
        _profile = profile;
        Page = page;
        _root = root;
    }

    public IPage Page { get; }

    /// <summary>Opens the login link (its token signs the browser in) and waits for the Blazor app.</summary>
    public static async Task<AspireDashboard> OpenAsync(Uri login)
    {
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("oklamq-chromium-");
        var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new() { Width = 1600, Height = 1000 },
        });
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(login.ToString());
        await page.Locator("tr.resource-row").First.WaitForAsync();
        return new AspireDashboard(playwright, browser, profile, page, new Uri(login, "/"));
    }

    /// <summary>Every row of the resources grid: name, state as shown ("Running", "Running (Unhealthy)"…) and the link texts of its URLs.</summary>
    public async Task<IReadOnlyList<DashboardResource>> ResourcesAsync()
    {
        if (Page.Url.TrimEnd('/') != _root.ToString().TrimEnd('/'))
        {
            await Page.GotoAsync(_root.ToString());
        }
        await Page.Locator("tr.resource-row").First.WaitForAsync();
        var rows = await Page.EvaluateAsync<string[][]>("""
            () => [...document.querySelectorAll('tr.resource-row')].map(row => [
                row.querySelector('.resource-name-text')?.innerText ?? '',
                row.querySelector('td[col-index="2"] .state-column-cell')?.innerText ?? '',
                ...[...row.querySelectorAll('td[col-index="5"] a')].map(a => a.innerText)])
            """);
        return rows.Select(r => new DashboardResource(r[0].Trim(), r[1].Trim(), r[2..].Select(u => u.Trim()).ToList())).ToList();
    }

    /// <summary>The commands in a resource's actions menu ("…").</summary>
    public async Task<IReadOnlyList<string>> CommandsOfAsync(string resource)
    {
        await ResourcesAsync();
        var row = Page.Locator("tr.resource-row").Filter(new() { Has = Page.Locator(".resource-name-text", new() { HasTextRegex = new Regex($"^{Regex.Escape(resource)}$") }) });
        await row.Locator("fluent-button[aria-label='Actions']").ClickAsync();
        var items = Page.Locator("fluent-menu-item:visible");
        await items.First.WaitForAsync();
        var commands = await items.AllInnerTextsAsync();
        await Page.Keyboard.PressAsync("Escape");
        return commands.Select(c => c.Trim()).ToList();
    }

    /// <summary>How many structured logs of level Error or worse the dashboard holds (the count under the filtered grid).</summary>
    public async Task<int> ErrorLogCountAsync()
    {
        await Page.GotoAsync(new Uri(_root, "/structuredlogs?logLevel=error").ToString());
        var summary = Page.GetByText(ShowingLogs());
        await summary.WaitForAsync();
        return int.Parse(ShowingLogs().Match(await summary.InnerTextAsync()).Groups[1].Value);
    }

    public Task ScreenshotAsync(string path) => Page.ScreenshotAsync(new() { Path = path, FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _profile.Delete(recursive: true);
    }

    [GeneratedRegex(@"Showing (\d+) structured logs?")]
    private static partial Regex ShowingLogs();
}

public sealed record DashboardResource(string Name, string State, IReadOnlyList<string> Urls);
