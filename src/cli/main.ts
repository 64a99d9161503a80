console.error('fluke: not built yet');
process.exit(1);
