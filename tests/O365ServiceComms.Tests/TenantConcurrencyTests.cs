using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using O365ServiceComms.Session;
using O365ServiceComms.State;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>What tenants read side by side share: a connection's token notes, and one -StatePath file.</summary>
    public sealed class TenantConcurrencyTests : IDisposable
    {
        private static readonly DateTime T0 = new DateTime(2021, 11, 16, 9, 12, 37, 410, DateTimeKind.Utc);
        private static readonly DateTimeOffset s_firstExpiry = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "o365sc-tenants-" + Guid.NewGuid().ToString("N"))).FullName;

        private string StatePath => Path.Combine(_folder, "state.json");

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void TheServiceCatalogIsReadWithoutHoldingTheConnectionsLock()
        {
            var connection = new Connection(
                "contoso.onmicrosoft.com", "app", "ClientSecret", new Uri("https://login.example.test/"), new Uri("https://graph.example.test/"),
                new[] { "https://graph.example.test/.default" }, new NumberedTokens());
            var catalog = new ServiceCatalog(new[] { new System.Collections.Generic.KeyValuePair<string, string>("Exchange", "Exchange Online") });
            bool otherThreadAnswered = false;

            ServiceCatalog read = connection.GetServiceCatalog(() =>
            {
                // While the "network read" runs, tab completion on another thread must get its answer (none yet), not wait.
                Task<ServiceCatalog> completion = Task.Run(() => connection.CachedServiceCatalog);
                otherThreadAnswered = completion.Wait(TimeSpan.FromSeconds(30)) && completion.Result == null;
                return catalog;
            });

            Assert.True(otherThreadAnswered);
            Assert.Same(catalog, read);
            Assert.Same(catalog, connection.CachedServiceCatalog);
            Assert.Same(catalog, connection.GetServiceCatalog(() => throw new InvalidOperationException("read twice")));
        }

        [Fact]
        public void TwoFirstReadsOfTheServiceCatalogAtOnceAskGraphOnce()
        {
            var connection = new Connection(
                "contoso.onmicrosoft.com", "app", "ClientSecret", new Uri("https://login.example.test/"), new Uri("https://graph.example.test/"),
                new[] { "https://graph.example.test/.default" }, new NumberedTokens());
            var catalog = new ServiceCatalog(new[] { new System.Collections.Generic.KeyValuePair<string, string>("Exchange", "Exchange Online") });
            int reads = 0;
            using (var firstReadStarted = new ManualResetEventSlim())
            using (var release = new ManualResetEventSlim())
            {
                Task<ServiceCatalog> first = Task.Run(() => connection.GetServiceCatalog(() =>
                {
                    Interlocked.Increment(ref reads);
                    firstReadStarted.Set();
                    release.Wait(TimeSpan.FromSeconds(30));
                    return catalog;
                }));
                Assert.True(firstReadStarted.Wait(TimeSpan.FromSeconds(30)));
                Task<ServiceCatalog> second = Task.Run(() => connection.GetServiceCatalog(() =>
                {
                    Interlocked.Increment(ref reads);
                    return ServiceCatalog.Empty;
                }));

                // The second caller waits for the first read instead of asking again; tab completion still answers at once.
                Assert.False(second.Wait(TimeSpan.FromMilliseconds(300)));
                Assert.Null(connection.CachedServiceCatalog);
                release.Set();

                Assert.Same(catalog, first.Result);
                Assert.Same(catalog, second.Result);
            }

            Assert.Equal(1, reads);
        }

        [Fact]
        public void AFailedFirstReadOfTheServiceCatalogLetsTheNextCallerReadAgain()
        {
            var connection = new Connection(
                "contoso.onmicrosoft.com", "app", "ClientSecret", new Uri("https://login.example.test/"), new Uri("https://graph.example.test/"),
                new[] { "https://graph.example.test/.default" }, new NumberedTokens());
            var catalog = new ServiceCatalog(new[] { new System.Collections.Generic.KeyValuePair<string, string>("Exchange", "Exchange Online") });

            Assert.Throws<InvalidOperationException>(() => connection.GetServiceCatalog(() => throw new InvalidOperationException("throttled")));
            Assert.Same(catalog, connection.GetServiceCatalog(() => catalog));
        }

        [Fact]
        public void TokenRenewalsOnManyThreadsLeaveExpiryAndRolesOfOneToken()
        {
            var tokens = new NumberedTokens();
            var connection = new Connection(
                "contoso.onmicrosoft.com", "app", "ClientSecret", new Uri("https://login.example.test/"), new Uri("https://graph.example.test/"),
                new[] { "https://graph.example.test/.default" }, tokens);

            // Rounds of eight renewals at the same instant; after each, what the connection shows must be the expiry
            // and roles of one and the same token (token n expires n minutes after the first and grants "Role.n").
            const int Threads = 8;
            const int Rounds = 300;
            var mismatches = new System.Collections.Generic.List<string>();
            using (var roundStart = new Barrier(Threads + 1))
            using (var roundEnd = new Barrier(Threads + 1))
            {
                Thread[] renewals = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
                {
                    for (int round = 0; round < Rounds; round++)
                    {
                        roundStart.SignalAndWait();
                        connection.Tokens.GetToken(forceRefresh: true, CancellationToken.None);
                        roundEnd.SignalAndWait();
                    }
                })).ToArray();
                Array.ForEach(renewals, thread => thread.Start());
                for (int round = 0; round < Rounds; round++)
                {
                    roundStart.SignalAndWait();
                    roundEnd.SignalAndWait();
                    ServiceCommsConnection info = connection.Info;
                    int minutes = (int)Math.Round((new DateTimeOffset(info.TokenExpiresOn.Value) - s_firstExpiry).TotalMinutes);
                    if (info.Roles.Length != 1 || info.Roles[0] != "Role." + minutes)
                    {
                        mismatches.Add($"round {round}: expiry of token {minutes}, roles {string.Join(",", info.Roles)}");
                    }
                }

                Assert.All(renewals, thread => Assert.True(thread.Join(TimeSpan.FromSeconds(30))));
            }

            Assert.Equal(Threads * Rounds, tokens.Issued);
            Assert.Empty(mismatches);
            Assert.Equal(Guid.Parse("b0b8e1f4-0000-4000-8000-000000000001"), connection.Info.TenantGuid);
        }

        [Fact]
        public void ViewsOfOneStateFileCommitFromManyThreadsAndSaveEveryTenant()
        {
            MessageStateFile before = MessageStateFile.Load(StatePath, "tenant-0");
            CollectionState old = before.Collection("issues");
            old.IsNewOrChanged("OLD1", T0);
            old.Complete();
            before.Save();

            MessageStateFile shared = MessageStateFile.Load(StatePath, tenantId: null);
            Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, tenant =>
            {
                MessageStateFile view = shared.ForTenant("tenant-" + tenant);
                Assert.Equal(tenant != 0, view.IsFirstRun);
                foreach (string list in new[] { "issues", "messages" })
                {
                    CollectionState state = view.Collection(list);
                    for (int item = 0; item < 50; item++)
                    {
                        state.IsNewOrChanged(list + tenant + "-" + item, T0.AddSeconds(item));
                    }

                    // Tenant 0 failed part way: its old state stays as it was.
                    if (tenant != 0)
                    {
                        state.Complete();
                    }
                }
            });

            Assert.True(shared.Save());
            JObject saved = JObject.Parse(File.ReadAllText(StatePath));
            var tenants = (JObject)saved["tenants"];
            Assert.Equal(16, tenants.Count);
            Assert.Equal(new[] { "OLD1" }, ((JObject)tenants["tenant-0"]["issues"]["items"]).Properties().Select(p => p.Name));
            for (int tenant = 1; tenant < 16; tenant++)
            {
                Assert.Equal(50, ((JObject)tenants["tenant-" + tenant]["issues"]["items"]).Count);
                Assert.Equal(50, ((JObject)tenants["tenant-" + tenant]["messages"]["items"]).Count);
                Assert.Contains("messages" + tenant + "-49", ((JObject)tenants["tenant-" + tenant]["messages"]["items"]).Properties().Select(p => p.Name));
            }

            Assert.False(MessageStateFile.Load(StatePath, "TENANT-7").IsFirstRun);
        }

        /// <summary>Token n (counting from 0) expires n minutes after the first and grants the role "Role.n".</summary>
        private sealed class NumberedTokens : IAccessTokenSource
        {
            private int _issued;

            public int Issued => Volatile.Read(ref _issued);

            public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken)
            {
                int n = Interlocked.Increment(ref _issued) - 1;
                string payload = "{\"tid\":\"b0b8e1f4-0000-4000-8000-000000000001\",\"roles\":[\"Role." + n + "\"]}";
                string jwt = "eyJhbGciOiJub25lIn0." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".sig";
                return new AccessToken(jwt, s_firstExpiry.AddMinutes(n));
            }
        }
    }
}
