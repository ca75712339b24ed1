// Images are URLs to the page; any string will do under jsdom.
export default 'asset-stub.png'
