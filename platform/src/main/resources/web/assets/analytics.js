// Draws the analytics page's charts with Apache ECharts from the numbers of its tables; without
// JavaScript (or ECharts) the tables alone show every figure.
(function () {
  'use strict';

  function rows(tableId) {
    var table = document.getElementById(tableId);
    return table ? Array.prototype.slice.call(table.querySelectorAll('tbody tr[data-label]')) : [];
  }

  function chart(id, option) {
    var element = document.getElementById(id);
    if (!element || typeof echarts === 'undefined') {
      return;
    }
    element.style.height = '320px';
    element.style.width = '100%';
    var drawn = echarts.init(element);
    drawn.setOption(option);
    window.addEventListener('resize', function () { drawn.resize(); });
    return drawn;
  }

  function links(tableId, selector) {
    return rows(tableId).map(function (row) {
      var link = row.querySelector(selector);
      return link ? link.getAttribute('href') : null;
    });
  }

  function follow(drawn, targets) {
    if (drawn) {
      drawn.on('click', function (event) {
        var target = targets[event.dataIndex];
        if (target) {
          window.location.href = target;
        }
      });
    }
  }

  function draw() {
    var revenue = rows('revenue-months');
    if (revenue.length) {
      follow(chart('chart-revenue', {
        grid: { left: 60, right: 16, top: 16, bottom: 40 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: revenue.map(function (r) { return r.dataset.label; }) },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', data: revenue.map(function (r) { return Number(r.dataset.value); }) }]
      }), links('revenue-months', 'td:last-child a'));
    }
    var stages = rows('funnel');
    if (stages.length) {
      follow(chart('chart-funnel', {
        tooltip: { trigger: 'item' },
        series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { show: true, position: 'inside' },
          data: stages.map(function (r) { return { name: r.dataset.label, value: Number(r.dataset.value) }; }) }]
      }), links('funnel', 'td:nth-child(2) a'));
    }
    var cohorts = rows('cohorts');
    if (cohorts.length) {
      var cells = [];
      var targets = [];
      var widest = 0;
      cohorts.forEach(function (row, y) {
        Array.prototype.forEach.call(row.querySelectorAll('td[data-k]'), function (cell) {
          var k = Number(cell.dataset.k);
          widest = Math.max(widest, k);
          if (cell.dataset.value !== '') {
            cells.push([k - 1, y, Math.round(Number(cell.dataset.value) * 1000) / 10]);
            var link = cell.querySelector('a');
            targets.push(link ? link.getAttribute('href') : null);
          }
        });
      });
      var offsets = [];
      for (var k = 1; k <= widest; k++) {
        offsets.push('+' + k);
      }
      follow(chart('chart-cohorts', {
        tooltip: { position: 'top' },
        grid: { left: 80, right: 16, top: 16, bottom: 60 },
        xAxis: { type: 'category', data: offsets },
        yAxis: { type: 'category', inverse: true, data: cohorts.map(function (r) { return r.dataset.label; }) },
        visualMap: { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
        series: [{ type: 'heatmap', data: cells, label: { show: true } }]
      }), targets);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
}());
