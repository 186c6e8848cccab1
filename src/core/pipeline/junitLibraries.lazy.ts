// The XML parser and the glob matcher of JUnit report reading, loaded when a stage with
// `reports:` finishes (see core/loadOnDemand.ts).
export { XMLParser, XMLValidator } from 'fast-xml-parser';
export { glob } from 'tinyglobby';
