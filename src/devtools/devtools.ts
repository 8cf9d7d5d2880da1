// The DevTools page: runs once per DevTools window and only adds the Leaks panel. The panel page does the work.
chrome.devtools.panels.create('Leaks', 'public/icon-16.png', 'src/panel/panel.html');
