using System;
using System.Linq;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests
{
    public class RecentIdsTests
    {
        [Fact]
        public void FindsByPrefixInAnyCaseNewestFirst()
        {
            var ids = new RecentIds();
            ids.Add("EX1", "Incident", "first");
            ids.Add("MC2", "MessageCenter", "second");
            ids.Add("EX3", "Incident", "third");

            Assert.Equal(new[] { "EX3", "EX1" }, ids.Find("ex").Select(e => e.Id));
            Assert.Equal(new[] { "EX3", "MC2", "EX1" }, ids.Find("").Select(e => e.Id));
            Assert.Equal("third", ids.Find("EX3").Single().Title);
        }

        [Fact]
        public void FiltersByMessageType()
        {
            var ids = new RecentIds();
            ids.Add("EX1", "Incident", null);
            ids.Add("MC2", "MessageCenter", null);

            Assert.Equal(new[] { "MC2" }, ids.Find("", "MessageCenter").Select(e => e.Id));
            Assert.Equal(new[] { "EX1" }, ids.Find("", "incident").Select(e => e.Id));
        }

        [Fact]
        public void SeeingAnIdAgainMovesItToTheFrontOnce()
        {
            var ids = new RecentIds();
            ids.Add("A1", "Incident", "old title");
            ids.Add("B2", "Incident", null);
            ids.Add("a1", "Incident", "new title");

            Assert.Equal(2, ids.Count);
            Assert.Equal(new[] { "a1", "B2" }, ids.Find("").Select(e => e.Id));
            Assert.Equal("new title", ids.Find("A").Single().Title);
        }

        [Fact]
        public void IsBoundedAndForgetsTheOldestFirst()
        {
            var ids = new RecentIds(capacity: 3);
            foreach (string id in new[] { "A1", "A2", "A3", "A4", "A5" })
            {
                ids.Add(id, "Incident", null);
            }

            Assert.Equal(3, ids.Count);
            Assert.Equal(new[] { "A5", "A4", "A3" }, ids.Find("A").Select(e => e.Id));
        }

        [Fact]
        public void WhenFullAnIdSeenAgainMovesAndTheNextNewOneEvictsTheOldest()
        {
            var ids = new RecentIds(capacity: 3);
            foreach (string id in new[] { "A1", "A2", "A3", "a1", "A4", "A5" })
            {
                ids.Add(id, "Incident", id == "A5" ? "five" : null);
            }

            Assert.Equal(3, ids.Count);
            Assert.Equal(new[] { "A5", "A4", "a1" }, ids.Find("A").Select(e => e.Id));
            Assert.Equal("five", ids.Find("A5").Single().Title);
            Assert.Empty(ids.Find("A2"));
            Assert.Empty(ids.Find("A3"));
        }

        [Fact]
        public void DefaultCapacityHoldsThousandIds()
        {
            var ids = new RecentIds();
            for (int i = 0; i < 2500; i++)
            {
                ids.Add("MC" + i, "MessageCenter", null);
            }

            Assert.Equal(RecentIds.DefaultCapacity, ids.Count);
            Assert.Equal("MC2499", ids.Find("MC").First().Id);
            Assert.Empty(ids.Find("MC1499"));
        }

        [Fact]
        public void IgnoresEmptyIdsAndRefusesNoCapacity()
        {
            var ids = new RecentIds();
            ids.Add(null, "Incident", null);
            ids.Add("", "Incident", null);

            Assert.Equal(0, ids.Count);
            Assert.Throws<ArgumentOutOfRangeException>(() => new RecentIds(0));
        }
    }
}
