// The data files the code reads at run time (the IAM action catalog and the Terraform grammar)
// are made by the build from development dependencies; make them here too, so a fresh clone's
// tests run without a build first. Nothing is rewritten when they are current.
const path = require('node:path');
const { pathToFileURL } = require('node:url');

module.exports = async () => {
  const { writeData } = await import(pathToFileURL(path.join(__dirname, '..', '..', 'scripts', 'build-data.mjs')).href);
  writeData(path.join(__dirname, '..', '..', 'data'));
};
