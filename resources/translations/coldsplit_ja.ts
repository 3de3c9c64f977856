<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AccountsBar</name>
    <message>
        <source>Stored accounts:</source>
        <translation>保存済みの口座:</translation>
    </message>
    <message>
        <source>Add account…</source>
        <translation>口座を追加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>編集…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>Added {0}; reading it from the exchange…</source>
        <translation>{0} を追加しました。取引所から読み込んでいます…</translation>
    </message>
    <message>
        <source>Could not add the account</source>
        <translation>口座を追加できませんでした</translation>
    </message>
    <message>
        <source>Could not refresh</source>
        <translation>更新できませんでした</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Choose an account first.</source>
        <translation>先に口座を選んでください。</translation>
    </message>
    <message>
        <source>Could not save the entry</source>
        <translation>項目を保存できませんでした</translation>
    </message>
    <message>
        <source>Rename account</source>
        <translation>口座の名前を変更</translation>
    </message>
    <message>
        <source>New name for {0}:</source>
        <translation>{0} の新しい名前:</translation>
    </message>
    <message>
        <source>Could not rename the account</source>
        <translation>口座の名前を変更できませんでした</translation>
    </message>
    <message>
        <source>Could not load the stored accounts</source>
        <translation>保存済みの口座を読み込めませんでした</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>口座を削除</translation>
    </message>
    <message>
        <source>Remove {0}, its holdings and its API key from the keyring?</source>
        <translation>{0} とその保有資産、キーリング内の API キーを削除しますか?</translation>
    </message>
    <message>
        <source>Could not remove the account</source>
        <translation>口座を削除できませんでした</translation>
    </message>
</context>
<context>
    <name>AddAccountDialog</name>
    <message>
        <source>Add exchange account</source>
        <translation>取引所の口座を追加</translation>
    </message>
    <message>
        <source>Create a READ-ONLY API key (no trading, no withdrawals): ColdSplit only reads balances, positions and margin tiers, and a read-only key cannot move funds if this computer is compromised. The key is kept only in the OS keyring.</source>
        <translation>読み取り専用の API キー(取引・出金の権限なし)を作成してください。ColdSplit は残高・ポジション・証拠金ティアを読むだけで、読み取り専用キーならこのコンピューターが侵害されても資金を動かせません。キーは OS のキーリングにだけ保存されます。</translation>
    </message>
    <message>
        <source>No OS keyring was found, so the key is kept in memory for this session only and is forgotten when ColdSplit exits.</source>
        <translation>OS のキーリングが見つからないため、キーはこのセッションの間だけメモリーに保持され、ColdSplit の終了時に消去されます。</translation>
    </message>
    <message>
        <source>Venue:</source>
        <translation>取引所:</translation>
    </message>
    <message>
        <source>Account name:</source>
        <translation>口座名:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API キー:</translation>
    </message>
    <message>
        <source>API secret:</source>
        <translation>API シークレット:</translation>
    </message>
    <message>
        <source>API passphrase:</source>
        <translation>API パスフレーズ:</translation>
    </message>
    <message>
        <source>Wallet address:</source>
        <translation>ウォレットアドレス:</translation>
    </message>
</context>
<context>
    <name>AdvicePage</name>
    <message>
        <source>Advice</source>
        <translation>アドバイス</translation>
    </message>
    <message>
        <source>Compute advice</source>
        <translation>アドバイスを計算</translation>
    </message>
    <message>
        <source>Load trading accounts, then compute the advice.</source>
        <translation>取引口座を読み込んでから、アドバイスを計算してください。</translation>
    </message>
    <message>
        <source>Share on exchanges (now → after):</source>
        <translation>取引所に置いている割合（現在 → 実行後）:</translation>
    </message>
    <message>
        <source>Survival drawdown (now → after):</source>
        <translation>耐えられる下落率（現在 → 実行後）:</translation>
    </message>
    <message>
        <source>Margin liquidated by the stress (now → after):</source>
        <translation>ストレス時に清算される証拠金（現在 → 実行後）:</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移動</translation>
    </message>
    <message>
        <source>From</source>
        <translation>移動元</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>評価額</translation>
    </message>
    <message>
        <source>To</source>
        <translation>移動先</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Prepare transfer</source>
        <translation>送金を準備</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>アドレスをコピー</translation>
    </message>
    <message>
        <source>The trading accounts changed ({0}): compute the advice again.</source>
        <translation>取引口座が変わりました（{0}）。アドバイスをもう一度計算してください。</translation>
    </message>
    <message>
        <source>The cold balances changed: compute the advice again.</source>
        <translation>コールドストレージの残高が変わりました。アドバイスを計算し直してください。</translation>
    </message>
    <message>
        <source>Load trading accounts first (Trading page).</source>
        <translation>先に取引口座を読み込んでください（取引ページ）。</translation>
    </message>
    <message>
        <source>Computing the advice under {0}…</source>
        <translation>{0} の条件でアドバイスを計算中…</translation>
    </message>
    <message>
        <source>Loading the {0} stress and its ensemble…</source>
        <translation>{0} のストレスとそのアンサンブルを読み込み中…</translation>
    </message>
    <message>
        <source>Running the engine under {0} (this takes a few seconds)…</source>
        <translation>{0} の下でエンジンを実行中（数秒かかります）…</translation>
    </message>
    <message>
        <source>no verified address yet</source>
        <translation>検証済みアドレスがまだありません</translation>
    </message>
    <message>
        <source>After cutting {0}: </source>
        <translation>{0} を縮小した後に: </translation>
    </message>
    <message>
        <source>Cut: {0}</source>
        <translation>縮小: {0}</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>注記: {0}</translation>
    </message>
    <message>
        <source>Flag: {0}</source>
        <translation>警告: {0}</translation>
    </message>
    <message>
        <source>ensemble P10–P90: {0}–{1}</source>
        <translation>アンサンブル P10–P90: {0}–{1}</translation>
    </message>
    <message>
        <source>(ensemble P10–P90: {0}–{1})</source>
        <translation>(アンサンブル P10–P90: {0}–{1})</translation>
    </message>
    <message>
        <source>Verify a cold address on the device first (Cold storage page).</source>
        <translation>先にデバイスでコールドアドレスを検証してください（コールドストレージページ）。</translation>
    </message>
    <message>
        <source>Withdraw {0} {1} from {2} to the device-verified address {3}</source>
        <translation>{2} から {0} {1} を、デバイスで検証したアドレス {3} へ出金</translation>
    </message>
    <message>
        <source>Too long for a QR code: copy the address instead.</source>
        <translation>QR コードには長すぎます。代わりにアドレスをコピーしてください。</translation>
    </message>
    <message>
        <source>Recording the deposit it will make…</source>
        <translation>この送金による入金を記録しています…</translation>
    </message>
    <message>
        <source>Its arrival is tracked on the Cold storage page (Ethereum): {0}</source>
        <translation>着金はコールドストレージ画面（イーサリアム）で追跡します: {0}</translation>
    </message>
    <message>
        <source>Its arrival is not tracked: {0}</source>
        <translation>着金は追跡されません: {0}</translation>
    </message>
</context>
<context>
    <name>AnimatedQrDialog</name>
    <message>
        <source>PSBT as QR codes</source>
        <translation>PSBT の QR コード</translation>
    </message>
    <message>
        <source>UR (Sparrow, Keystone, Passport, SeedSigner, Jade)</source>
        <translation>UR（Sparrow、Keystone、Passport、SeedSigner、Jade）</translation>
    </message>
    <message>
        <source>BBQr (Coldcard)</source>
        <translation>BBQr（Coldcard）</translation>
    </message>
    <message>
        <source>QR version: higher means fewer but denser frames</source>
        <translation>QR のバージョン：大きいほどフレーム数は減り、各コードは細かくなります</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Density (QR version)</source>
        <translation>密度（QR バージョン）</translation>
    </message>
    <message>
        <source>Frames per second</source>
        <translation>毎秒フレーム数</translation>
    </message>
    <message>
        <source>Drawing the QR codes…</source>
        <translation>QR コードを作成しています…</translation>
    </message>
    <message>
        <source>One QR code holds this PSBT.</source>
        <translation>この PSBT は QR コード 1 つに収まります。</translation>
    </message>
    <message>
        <source>One QR code holds it: show it to the other machine&apos;s camera.</source>
        <translation>QR コード 1 つに収まります。もう一方のマシンのカメラに見せてください。</translation>
    </message>
    <message>
        <source>Frame {0} of {1}; keep the camera on it until the other side has it all.</source>
        <translation>フレーム {0} / {1}。相手側がすべて読み取るまでカメラを向けたままにしてください。</translation>
    </message>
</context>
<context>
    <name>AppMessages</name>
    <message>
        <source>the {preset} replay on today&apos;s prices: BTC −{base_drawdown} plus a {buffer} safety buffer = −{btc_drawdown}, with the {preset} crowds, depegs and venue dislocations</source>
        <translation>今日の価格での {preset} の再現：BTC −{base_drawdown} に安全余裕 {buffer} を加えて −{btc_drawdown}、{preset} の参加者の偏り・デペッグ・取引所ごとの価格乖離を含む</translation>
    </message>
    <message>
        <source>custom shock on today&apos;s prices: BTC −{base_drawdown} plus a {buffer} safety buffer = −{btc_drawdown}, with the {preset} crowds, depegs and venue dislocations</source>
        <translation>今日の価格でのカスタムショック：BTC −{base_drawdown} に安全余裕 {buffer} を加えて −{btc_drawdown}、{preset} の参加者の偏り・デペッグ・取引所ごとの価格乖離を含む</translation>
    </message>
    <message>
        <source>Tipping point: between a {shock_low} and a {shock_high} BTC shock the cascade runs from −{fall_low} to −{fall_high}; the advice can jump across it.</source>
        <translation>転換点：BTC のショックが {shock_low} から {shock_high} の間で、カスケードは −{fall_low} から −{fall_high} まで進みます。ここをまたぐと助言が大きく変わることがあります。</translation>
    </message>
    <message>
        <source>Long-term {asset} in a spot wallet gains nothing from sitting on {venue} and is lost if the exchange fails or freezes withdrawals in a crash; cold storage holds it without that risk.</source>
        <translation>長期保有の {asset} を {venue} の現物ウォレットに置いても得るものはなく、暴落時に取引所が破綻したり出金を凍結したりすれば失われます。コールドストレージならそのリスクなしに保管できます。</translation>
    </message>
    <message>
        <source>Lower the isolated margin of {label} from {isolated_margin} to {least_margin}, the least with which it survives {preset} at BTC −{btc_drawdown} and a 10% gap, and withdraw the rest.</source>
        <translation>{label} の分離証拠金を {isolated_margin} から {least_margin}（{preset}、BTC −{btc_drawdown} と 10% のギャップに耐えられる最小額）に下げ、残りを出金してください。</translation>
    </message>
    <message>
        <source>{asset} margin falls in value exactly when the margin is needed; {account} keeps {least_margin} of collateral, the least with which every position survives {preset} at BTC −{btc_drawdown} and a 10% gap.</source>
        <translation>{asset} の証拠金は、証拠金が必要になるまさにその時に価値が下がります。{account} には担保 {least_margin} を残します。これは {preset}、BTC −{btc_drawdown} と 10% のギャップにすべてのポジションが耐えられる最小額です。</translation>
    </message>
    <message>
        <source>{asset} is a synthetic stablecoin that can depeg on the venue&apos;s book in a crash; {account} keeps {least_margin} of collateral, the least with which every position survives {preset} at BTC −{btc_drawdown} and a 10% gap.</source>
        <translation>{asset} は合成ステーブルコインで、暴落時にその取引所の板でデペッグすることがあります。{account} には担保 {least_margin} を残します。これは {preset}、BTC −{btc_drawdown} と 10% のギャップにすべてのポジションが耐えられる最小額です。</translation>
    </message>
    <message>
        <source>This is stable margin beyond what the positions need; {account} keeps {least_margin} of collateral, the least with which every position survives {preset} at BTC −{btc_drawdown} and a 10% gap.</source>
        <translation>これはポジションに必要な分を超えるステーブルな証拠金です。{account} には担保 {least_margin} を残します。これは {preset}、BTC −{btc_drawdown} と 10% のギャップにすべてのポジションが耐えられる最小額です。</translation>
    </message>
    <message>
        <source>A sudden {gap} BTC gap (other assets moving by their beta, no cascade) liquidates {label}: margin that cannot survive a {gap} gap is borrowed, not conviction.</source>
        <translation>BTC が突然 {gap} ギャップすると（他の資産はベータに応じて動き、連鎖清算なし）{label} は清算されます。{gap} のギャップに耐えられない証拠金は、確信ではなく借り物です。</translation>
    </message>
    <message>
        <source>{asset} is a synthetic dollar backed by a hedged trade, not cash; the stress prices it at {stress_price} on {venue}, so margin counted in it vanishes when needed.</source>
        <translation>{asset} は現金ではなくヘッジ取引に裏付けられた合成ドルです。ストレス下では {venue} で {stress_price} と評価されるため、これで数えた証拠金は必要な時に消えます。</translation>
    </message>
    <message>
        <source>{asset} is a liquid-staking token priced on one venue&apos;s book; the stress reproduces its {dislocation} collapse on {venue}&apos;s own book (stress price {factor} of today&apos;s), while its underlying held elsewhere.</source>
        <translation>{asset} は一つの取引所の板で値付けされるリキッドステーキングトークンです。ストレスは {venue} 自身の板での {dislocation} の暴落を再現します（ストレス価格は今日の {factor}）。その間、原資産は他の取引所で持ちこたえました。</translation>
    </message>
    <message>
        <source>{asset} is a liquid-staking token priced on one venue&apos;s book; {venue} values it on its own thin book (stress price {factor} of today&apos;s), while its underlying held elsewhere.</source>
        <translation>{asset} は一つの取引所の板で値付けされるリキッドステーキングトークンです。{venue} は自身の薄い板でこれを評価します（ストレス価格は今日の {factor}）。その間、原資産は他の取引所で持ちこたえました。</translation>
    </message>
    <message>
        <source>{asset} collateral (β {beta} to BTC) backs a net long of {net_long} (β-weighted), so a fall cuts the margin and the positions at the same time.</source>
        <translation>{asset} の担保（BTC に対する β {beta}）が {net_long}（β 加重）のネットロングを支えているため、下落すると証拠金とポジションが同時に減ります。</translation>
    </message>
    <message>
        <source>The {asset} loop (x{cycles} at LTV {ltv}) is liquidated at {liquidation_price} of its peg ({below} below); the stress prints {asset} at {lowest} on {venue}, where its equity would be {equity} of {capital}.</source>
        <translation>{asset} のループ（LTV {ltv} で x{cycles}）はペッグの {liquidation_price}（{below} 下）で清算されます。ストレスでは {venue} で {asset} が {lowest} を付け、その時の自己資本は {capital} のうち {equity} になります。</translation>
    </message>
    <message>
        <source>{label} — reduce by {reduce_by} {asset} ({share})</source>
        <translation>{label} — {reduce_by} {asset} 減らす（{share}）</translation>
    </message>
    <message>
        <source>Add a cold account for {asset} (a device-verified {chain} address) to move {usd} of it off the exchanges; until then it stays where it is.</source>
        <translation>{asset} のコールドアカウント（デバイスで確認した {chain} アドレス）を追加すると、取引所から {usd} 分を移せます。それまでは今の場所に残ります。</translation>
    </message>
    <message>
        <source>ColdSplit has no cold account for {asset} yet, so {usd} of it that could leave stays where it is; move it yourself if you want it off the exchange.</source>
        <translation>ColdSplit には {asset} のコールドアカウントがまだないため、移せる {usd} 分は今の場所に残ります。取引所から出したい場合はご自身で移してください。</translation>
    </message>
    <message>
        <source>After its withdrawals {account} is liquidated from a BTC shock of {shock}, BTC settling −{settled}, short of the −{recorded} fall {preset} recorded; keep more margin there if it must survive a repeat.</source>
        <translation>引き出し後の {account} は BTC のショック {shock}（BTC の落ち着き先 −{settled}）で清算されます。{preset} で記録された −{recorded} の下落には届きません。再来に耐えるにはそこに証拠金を多めに残してください。</translation>
    </message>
    <message>
        <source>{amount} {asset} ({usd}) from {account} is below the {minimum} minimum transfer, so it stays on the exchange.</source>
        <translation>{account} の {amount} {asset}（{usd}）は最小送金額 {minimum} を下回るため、取引所に残ります。</translation>
    </message>
    <message>
        <source>{amount} {asset} ({accounts}) has no price, so no total counts it; take a market snapshot of {asset} to count it (coldsplit market snapshot --symbol {asset}/USDT:USDT).</source>
        <translation>{amount} {asset}（{accounts}）には価格がないため、どの合計にも含まれません。含めるには {asset} のマーケットスナップショットを取得してください（coldsplit market snapshot --symbol {asset}/USDT:USDT）。</translation>
    </message>
</context>
<context>
    <name>CoinsBox</name>
    <message>
        <source>Coins (watch-only wallet)</source>
        <translation>コイン（監視専用ウォレット）</translation>
    </message>
    <message>
        <source>No cold account yet.</source>
        <translation>コールド口座はまだありません。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Receive demo coins</source>
        <translation>デモ用コインを受け取る</translation>
    </message>
    <message>
        <source>Sync with the chain</source>
        <translation>チェーンと同期</translation>
    </message>
    <message>
        <source>Coin</source>
        <translation>コイン</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Amount (BTC)</source>
        <translation>金額（BTC）</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>トランザクション</translation>
    </message>
    <message>
        <source>Net (BTC)</source>
        <translation>増減（BTC）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>send to (address)</source>
        <translation>送金先（アドレス）</translation>
    </message>
    <message>
        <source>amount in BTC</source>
        <translation>金額（BTC）</translation>
    </message>
    <message>
        <source>Prepare send (PSBT)</source>
        <translation>送金を準備（PSBT）</translation>
    </message>
    <message>
        <source>Create a cold account first.</source>
        <translation>先にコールド口座を作成してください。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>同期中…</translation>
    </message>
    <message>
        <source>{0}: {1} BTC spendable, {2} BTC pending</source>
        <translation>{0}: 利用可能 {1} BTC、未承認 {2} BTC</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>承認済み</translation>
    </message>
    <message>
        <source>unconfirmed</source>
        <translation>未承認</translation>
    </message>
    <message>
        <source>The amount must be a number of BTC, e.g. 0.01</source>
        <translation>金額は BTC の数値で入力してください（例: 0.01）</translation>
    </message>
</context>
<context>
    <name>ColdStoragePage</name>
    <message>
        <source>Cold storage</source>
        <translation>コールドストレージ</translation>
    </message>
    <message>
        <source>Bitcoin</source>
        <translation>ビットコイン</translation>
    </message>
    <message>
        <source>Ethereum</source>
        <translation>イーサリアム</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <source>Connect device</source>
        <translation>デバイスに接続</translation>
    </message>
    <message>
        <source>Device to use</source>
        <translation>使用するデバイス</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未接続です。</translation>
    </message>
    <message>
        <source>Look for devices again</source>
        <translation>デバイスを再検索</translation>
    </message>
    <message>
        <source>Cold accounts</source>
        <translation>コールド口座</translation>
    </message>
    <message>
        <source>New account name</source>
        <translation>新しい口座名</translation>
    </message>
    <message>
        <source>Create cold account from the device</source>
        <translation>デバイスからコールド口座を作成</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>フィンガープリント</translation>
    </message>
    <message>
        <source>Next address</source>
        <translation>次のアドレス</translation>
    </message>
    <message>
        <source>Receive (verified on the device)</source>
        <translation>受取（デバイスで検証済み）</translation>
    </message>
    <message>
        <source>Verify next address on device</source>
        <translation>次のアドレスをデバイスで検証</translation>
    </message>
    <message>
        <source>Create Ethereum account</source>
        <translation>Ethereum アカウントを作成</translation>
    </message>
    <message>
        <source>Verify Ethereum address on device</source>
        <translation>Ethereum アドレスをデバイスで検証</translation>
    </message>
    <message>
        <source>Ethereum account</source>
        <translation>Ethereum アカウント</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>パス</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>検証日時</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>アドレスをコピー</translation>
    </message>
    <message>
        <source>No device service is available.</source>
        <translation>デバイスサービスを利用できません。</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>デバイスを探しています…</translation>
    </message>
    <message>
        <source>Several devices are connected: choose one, then press Connect device.</source>
        <translation>複数のデバイスが接続されています。1台を選んでから「デバイスに接続」を押してください。</translation>
    </message>
    <message>
        <source>{0} “{1}” — {2}</source>
        <translation>{0}「{1}」— {2}</translation>
    </message>
    <message>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>{0} “{1}”, firmware {2}</source>
        <translation>{0}「{1}」、ファームウェア {2}</translation>
    </message>
    <message>
        <source>Create a cold account first.</source>
        <translation>先にコールド口座を作成してください。</translation>
    </message>
    <message>
        <source>Ethereum is not available in this window.</source>
        <translation>このウィンドウでは Ethereum を使えません。</translation>
    </message>
    <message>
        <source>Ethereum account “{0}” created: first address {1} ({2}). Verify it on the device next.</source>
        <translation>Ethereum アカウント「{0}」を作成しました：最初のアドレス {1}（{2}）。次にデバイスで確認してください。</translation>
    </message>
    <message>
        <source>Ethereum address verified on the device: {0} ({1})</source>
        <translation>デバイスで検証済みの Ethereum アドレス: {0}（{1}）</translation>
    </message>
    <message>
        <source>Too long for a QR code: copy the address instead.</source>
        <translation>QR コードには長すぎます。代わりにアドレスをコピーしてください。</translation>
    </message>
</context>
<context>
    <name>ConfirmOverlay</name>
    <message>
        <source>Confirm on your device</source>
        <translation>デバイスで確認してください</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Check the address</source>
        <translation>アドレスを確認</translation>
    </message>
    <message>
        <source>Compare the whole address on the device with the one below.</source>
        <translation>デバイスに表示されたアドレス全体を、下のアドレスと照合してください。</translation>
    </message>
    <message>
        <source>Check the public key</source>
        <translation>公開鍵を確認</translation>
    </message>
    <message>
        <source>Check the public key on the device.</source>
        <translation>デバイスで公開鍵を確認してください。</translation>
    </message>
    <message>
        <source>Confirm output</source>
        <translation>出力を確認</translation>
    </message>
    <message>
        <source>Check each recipient and amount on the device.</source>
        <translation>デバイスで各送金先と金額を確認してください。</translation>
    </message>
    <message>
        <source>Confirm the transaction</source>
        <translation>取引を確認</translation>
    </message>
    <message>
        <source>Check the amounts and the fee, then confirm on the device.</source>
        <translation>金額と手数料を確認してから、デバイスで承認してください。</translation>
    </message>
    <message>
        <source>High fee</source>
        <translation>高い手数料</translation>
    </message>
    <message>
        <source>The fee is unusually high; check it on the device.</source>
        <translation>手数料が通常より高額です。デバイスで確認してください。</translation>
    </message>
    <message>
        <source>Confirm the request</source>
        <translation>要求を確認</translation>
    </message>
    <message>
        <source>Confirm the request on the device.</source>
        <translation>デバイスで要求を承認してください。</translation>
    </message>
    <message>
        <source>Enter the PIN</source>
        <translation>PIN を入力</translation>
    </message>
    <message>
        <source>Enter your PIN on the device.</source>
        <translation>デバイスで PIN を入力してください。</translation>
    </message>
    <message>
        <source>Type the passphrase</source>
        <translation>パスフレーズを入力</translation>
    </message>
    <message>
        <source>Type the passphrase on the device.</source>
        <translation>デバイスでパスフレーズを入力してください。</translation>
    </message>
    <message>
        <source>Unusual derivation path</source>
        <translation>通常と異なる導出パス</translation>
    </message>
    <message>
        <source>The device warns about an unusual derivation path.</source>
        <translation>デバイスが通常と異なる導出パスについて警告しています。</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Read the warning on the device.</source>
        <translation>デバイスの警告を読んでください。</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>確認</translation>
    </message>
    <message>
        <source>Confirm on the device.</source>
        <translation>デバイスで承認してください。</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>パス</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送金</translation>
    </message>
    <message>
        <source>Change (back to you)</source>
        <translation>おつり（自分宛て）</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>手数料</translation>
    </message>
    <message>
        <source>Check this recipient&apos;s address and amount on the device.</source>
        <translation>デバイスでこの送金先のアドレスと金額を確認してください。</translation>
    </message>
    <message>
        <source>Check the signing address and the message on the device, then confirm.</source>
        <translation>デバイスで署名に使うアドレスとメッセージを確認してから承認してください。</translation>
    </message>
    <message>
        <source>Three screens on the device: the signing address, the message, then &apos;Sign Message&apos;; press YES on each.</source>
        <translation>デバイスに 3 つの画面が表示されます：署名に使うアドレス、メッセージ、そして「Sign Message」。それぞれで YES を押してください。</translation>
    </message>
    <message>
        <source>Check the device: a recipient shows its amount, then its address (YES on each; the lock time, if set, is one more screen). After the last one the device shows the fee and then the total with no further notice here: check both and press YES on each.</source>
        <translation>デバイスを確認してください：送金先ごとに金額、次にアドレスが表示されます（それぞれ YES。ロックタイムが設定されていれば画面がもう 1 つ増えます）。最後の送金先の後、デバイスはここで通知せずに手数料、続いて合計を表示します。両方を確認し、それぞれで YES を押してください。</translation>
    </message>
    <message>
        <source>Check the device: a recipient shows its address, then its amount (YES on each; the lock time, if set, is one more screen). After the last one the device shows the total with no further notice here: press DOWN to see the fee, then YES to sign.</source>
        <translation>デバイスを確認してください：送金先ごとにアドレス、次に金額が表示されます（それぞれ YES。ロックタイムが設定されていれば画面がもう 1 つ増えます）。最後の送金先の後、デバイスはここで通知せずに合計を表示します。DOWN を押して手数料を確認し、YES で署名してください。</translation>
    </message>
    <message>
        <source>Compare the address on the device with the one below and tap Done. The device&apos;s QR code button only shows a QR code: to refuse, press Cancel here.</source>
        <translation>デバイスのアドレスを下のアドレスと照合し、Done をタップしてください。デバイスの QR コードボタンは QR コードを表示するだけです。拒否するには、ここでキャンセルを押してください。</translation>
    </message>
    <message>
        <source>Compare the address on the device with the one below and press YES. NO on the device only shows a QR code: to refuse, press Cancel here.</source>
        <translation>デバイスのアドレスを下のアドレスと照合し、YES を押してください。デバイスの NO は QR コードを表示するだけです。拒否するには、ここでキャンセルを押してください。</translation>
    </message>
    <message>
        <source>The last screen: slide to sign on the device (or reject there).</source>
        <translation>最後の画面です：デバイスでスライドして署名してください（拒否もデバイスで行えます）。</translation>
    </message>
    <message>
        <source>Check each recipient&apos;s address and amount on the device, then the amount, fee and total, and slide to sign on the last screen.</source>
        <translation>デバイスで各送金先のアドレスと金額を確認し、次に金額・手数料・合計を確認して、最後の画面でスライドして署名してください。</translation>
    </message>
    <message>
        <source>Compare the address on the device with the one below and press YES, then YES on the path screen. NO on the device only shows a QR code: to refuse, press Cancel here.</source>
        <translation>デバイスのアドレスを下のアドレスと照合して YES を押し、次にパス画面でも YES を押してください。デバイスの NO は QR コードを表示するだけです。拒否するには、ここで「キャンセル」を押してください。</translation>
    </message>
    <message>
        <source>Sign the message</source>
        <translation>メッセージに署名</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>DEMO — software device on testnet and a sample portfolio; nothing is sent anywhere</source>
        <translation>DEMO（デモ）— テストネット上のソフトウェアデバイスとサンプルのポートフォリオです。外部には何も送信されません</translation>
    </message>
</context>
<context>
    <name>DeviceErrors</name>
    <message>
        <source>No hardware wallet is connected.</source>
        <translation>ハードウェアウォレットが接続されていません。</translation>
    </message>
    <message>
        <source>The device is locked; unlock it with its PIN first.</source>
        <translation>デバイスがロックされています。先に PIN でロックを解除してください。</translation>
    </message>
    <message>
        <source>Wrong PIN; try again (the device waits longer after each attempt).</source>
        <translation>PIN が違います。もう一度お試しください（試行のたびにデバイスの待ち時間が長くなります）。</translation>
    </message>
    <message>
        <source>The action was cancelled.</source>
        <translation>操作はキャンセルされました。</translation>
    </message>
    <message>
        <source>This device or firmware does not support that action.</source>
        <translation>このデバイスまたはファームウェアはその操作に対応していません。</translation>
    </message>
    <message>
        <source>The device is busy with another application or request.</source>
        <translation>デバイスは別のアプリケーションまたは要求の処理中です。</translation>
    </message>
    <message>
        <source>The device was disconnected or stopped answering.</source>
        <translation>デバイスが切断されたか、応答しなくなりました。</translation>
    </message>
    <message>
        <source>The device stopped answering.</source>
        <translation>デバイスが応答しなくなりました。</translation>
    </message>
    <message>
        <source>This passphrase opens a different wallet than the account&apos;s.</source>
        <translation>このパスフレーズでは、口座とは別のウォレットが開きます。</translation>
    </message>
    <message>
        <source>The device has no seed yet; set it up first.</source>
        <translation>デバイスにシードがまだありません。先に初期設定をしてください。</translation>
    </message>
    <message>
        <source>The request is not valid for a hardware wallet.</source>
        <translation>ハードウェアウォレットに対して無効な要求です。</translation>
    </message>
    <message>
        <source>The device answered something unexpected.</source>
        <translation>デバイスから予期しない応答がありました。</translation>
    </message>
</context>
<context>
    <name>DomainWords</name>
    <message>
        <source>Demo portfolio</source>
        <translation>デモ用ポートフォリオ</translation>
    </message>
    <message>
        <source>Stored accounts</source>
        <translation>保存済みの口座</translation>
    </message>
    <message>
        <source>Exchange accounts</source>
        <translation>取引所の口座</translation>
    </message>
    <message>
        <source>Ethereum mainnet</source>
        <translation>Ethereum メインネット</translation>
    </message>
    <message>
        <source>Sepolia testnet</source>
        <translation>Sepolia テストネット</translation>
    </message>
    <message>
        <source>Holesky testnet</source>
        <translation>Holesky テストネット</translation>
    </message>
    <message>
        <source>local test chain on this machine</source>
        <translation>このマシン上のローカルテストチェーン</translation>
    </message>
    <message>
        <source>long</source>
        <translation>ロング</translation>
    </message>
    <message>
        <source>short</source>
        <translation>ショート</translation>
    </message>
    <message>
        <source>cross</source>
        <translation>クロス</translation>
    </message>
    <message>
        <source>isolated</source>
        <translation>分離</translation>
    </message>
    <message>
        <source>{account}: {asset} {side} {size} ({mode})</source>
        <translation>{account}: {asset} {side} {size}（{mode}）</translation>
    </message>
    <message>
        <source>{account}: {asset} loop x{cycles} at LTV {ltv}</source>
        <translation>{account}: {asset} ループ x{cycles}（LTV {ltv}）</translation>
    </message>
    <message>
        <source>{asset} loop</source>
        <translation>{asset} ループ</translation>
    </message>
    <message>
        <source>open interest rising without spot volume</source>
        <translation>現物出来高を伴わない建玉の増加</translation>
    </message>
    <message>
        <source>one-sided funding</source>
        <translation>一方に偏った資金調達率</translation>
    </message>
    <message>
        <source>liquidation levels clustered near the price</source>
        <translation>価格の近くに集中した清算水準</translation>
    </message>
    <message>
        <source>thin depth at ±{0}</source>
        <translation>±{0} の板の薄さ</translation>
    </message>
    <message>
        <source>needs an earlier live snapshot to compare with</source>
        <translation>比較する以前のライブスナップショットが必要です</translation>
    </message>
    <message>
        <source>needs open interest and spot volume in both snapshots</source>
        <translation>両方のスナップショットに建玉と現物出来高が必要です</translation>
    </message>
    <message>
        <source>no funding rate in this snapshot</source>
        <translation>このスナップショットには資金調達率がありません</translation>
    </message>
    <message>
        <source>needs the order book and open interest</source>
        <translation>板情報と建玉が必要です</translation>
    </message>
    <message>
        <source>depth within 1%</source>
        <translation>1% 以内の板の厚さ</translation>
    </message>
    <message>
        <source>depth within 5%</source>
        <translation>5% 以内の板の厚さ</translation>
    </message>
    <message>
        <source>open interest</source>
        <translation>建玉</translation>
    </message>
    <message>
        <source>open interest change</source>
        <translation>建玉の変化</translation>
    </message>
    <message>
        <source>spot volume</source>
        <translation>現物出来高</translation>
    </message>
    <message>
        <source>spot volume change</source>
        <translation>現物出来高の変化</translation>
    </message>
    <message>
        <source>funding</source>
        <translation>資金調達率</translation>
    </message>
    <message>
        <source>: the move is being built with leverage, not spot buying, and can unwind fast</source>
        <translation>。この動きは現物買いではなくレバレッジで作られており、急速に巻き戻る可能性があります</translation>
    </message>
    <message>
        <source>; forced orders would move the price further than before the 2025-10-10 crash</source>
        <translation>。強制注文は 2025-10-10 の暴落前よりも価格を大きく動かします</translation>
    </message>
    <message>
        <source>: the move can feed itself</source>
        <translation>。この動きは自ら加速しうる状態です</translation>
    </message>
    <message>
        <source> (the book shown stops short: extrapolated from the depth fit)</source>
        <translation>（表示された板は途中までのため、板の厚さの近似から外挿）</translation>
    </message>
    <message>
        <source>open interest {oi} since {t} while spot volume {sv}</source>
        <translation>建玉は {t} 以降 {oi}、一方で現物出来高は {sv}</translation>
    </message>
    <message>
        <source>open interest {oi} and spot volume {sv} since {t}</source>
        <translation>{t} 以降、建玉 {oi}、現物出来高 {sv}</translation>
    </message>
    <message>
        <source>funding {r} per 8 h: longs pay shorts heavily; the crowd leans long and is crowded</source>
        <translation>資金調達率 8 時間あたり {r}: ロングがショートに多く支払っており、市場参加者はロングに偏って混み合っています</translation>
    </message>
    <message>
        <source>funding {r} per 8 h: shorts pay longs heavily; the crowd leans short and is crowded</source>
        <translation>資金調達率 8 時間あたり {r}: ショートがロングに多く支払っており、市場参加者はショートに偏って混み合っています</translation>
    </message>
    <message>
        <source>funding {r} per 8 h</source>
        <translation>資金調達率 8 時間あたり {r}</translation>
    </message>
    <message>
        <source>funding {r} per 8 h, near balance</source>
        <translation>資金調達率 8 時間あたり {r}、ほぼ均衡</translation>
    </message>
    <message>
        <source>bids within {d} hold {usd}, {share} of open interest</source>
        <translation>{d} 以内の買い板は {usd}（建玉の {share}）</translation>
    </message>
    <message>
        <source>asks within {d} hold {usd}, {share} of open interest</source>
        <translation>{d} 以内の売り板は {usd}（建玉の {share}）</translation>
    </message>
    <message>
        <source>a 5% drop would force {forced} of liquidations against {book} of book (crowd shaped like the {preset} preset, scaled to today&apos;s open interest)</source>
        <translation>5% の下落で {forced} の清算が強制され、板は {book}（{preset} プリセットの参加者分布を今日の建玉に合わせて拡大縮小）</translation>
    </message>
    <message>
        <source>a 5% rally would force {forced} of liquidations against {book} of book (crowd shaped like the {preset} preset, scaled to today&apos;s open interest)</source>
        <translation>5% の上昇で {forced} の清算が強制され、板は {book}（{preset} プリセットの参加者分布を今日の建玉に合わせて拡大縮小）</translation>
    </message>
    <message>
        <source>needs open interest, the book and a crowd shape for {base}</source>
        <translation>{base} の建玉・板・参加者分布が必要です</translation>
    </message>
    <message>
        <source> — not assessed: calibrated in this preset, not data: {0}</source>
        <translation> — 評価せず: このプリセットでは較正値でありデータではありません: {0}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Confirm address</source>
        <translation>アドレスの確認</translation>
    </message>
    <message>
        <source>Receive address</source>
        <translation>受取アドレス</translation>
    </message>
    <message>
        <source>Confirm sending</source>
        <translation>送金の確認</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Confirm transaction</source>
        <translation>トランザクションの確認</translation>
    </message>
    <message>
        <source>Confirm fee</source>
        <translation>手数料の確認</translation>
    </message>
    <message>
        <source>High fee</source>
        <translation>高い手数料</translation>
    </message>
    <message>
        <source>Confirm locktime</source>
        <translation>ロックタイムの確認</translation>
    </message>
    <message>
        <source>Really send</source>
        <translation>本当に送金しますか</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>公開鍵</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>確認</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>続行</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>受取人</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送金</translation>
    </message>
    <message>
        <source>Enter PIN</source>
        <translation>PIN を入力</translation>
    </message>
    <message>
        <source>Enter passphrase</source>
        <translation>パスフレーズを入力</translation>
    </message>
    <message>
        <source>Using different paths</source>
        <translation>異なるパスを使用</translation>
    </message>
    <message>
        <source>Modify amount</source>
        <translation>金額の変更</translation>
    </message>
    <message>
        <source>Modify fee</source>
        <translation>手数料の変更</translation>
    </message>
    <message>
        <source>Wipe device</source>
        <translation>デバイスを初期化</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <source>Typed data</source>
        <translation>型付きデータ</translation>
    </message>
    <message>
        <source>Sign message?</source>
        <translation>メッセージに署名しますか？</translation>
    </message>
    <message>
        <source>Message hash</source>
        <translation>メッセージハッシュ</translation>
    </message>
    <message>
        <source>Message verified</source>
        <translation>メッセージを検証しました</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Entropy</source>
        <translation>エントロピー</translation>
    </message>
    <message>
        <source>Total amount</source>
        <translation>合計金額</translation>
    </message>
    <message>
        <source>Including fee</source>
        <translation>うち手数料</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>手数料</translation>
    </message>
    <message>
        <source>Maximum fee</source>
        <translation>最大手数料</translation>
    </message>
    <message>
        <source>New fee</source>
        <translation>新しい手数料</translation>
    </message>
    <message>
        <source>Old fee</source>
        <translation>以前の手数料</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>送金先</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
</context>
<context>
    <name>EditEntryDialog</name>
    <message>
        <source>Edit account {0}</source>
        <translation>口座 {0} を編集</translation>
    </message>
    <message>
        <source>Add or change one balance, loan or position; an entry with the same asset and wallet (or symbol and side) is replaced. Leave unused fields empty.</source>
        <translation>残高・借入・ポジションを 1 件追加または変更します。同じ資産とウォレット(またはシンボルと売買方向)の項目は置き換えられます。使わない欄は空のままにしてください。</translation>
    </message>
    <message>
        <source>balance</source>
        <translation>残高</translation>
    </message>
    <message>
        <source>loan</source>
        <translation>借入</translation>
    </message>
    <message>
        <source>position</source>
        <translation>ポジション</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>種類:</translation>
    </message>
    <message>
        <source>Wallet:</source>
        <translation>ウォレット:</translation>
    </message>
    <message>
        <source>Asset:</source>
        <translation>資産:</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>数量:</translation>
    </message>
    <message>
        <source>Symbol:</source>
        <translation>シンボル:</translation>
    </message>
    <message>
        <source>Side:</source>
        <translation>売買方向:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>サイズ:</translation>
    </message>
    <message>
        <source>Entry price:</source>
        <translation>建値:</translation>
    </message>
    <message>
        <source>Mark price:</source>
        <translation>マーク価格:</translation>
    </message>
    <message>
        <source>Leverage:</source>
        <translation>レバレッジ:</translation>
    </message>
    <message>
        <source>Margin mode:</source>
        <translation>証拠金モード:</translation>
    </message>
    <message>
        <source>Isolated margin:</source>
        <translation>分離証拠金:</translation>
    </message>
    <message>
        <source>Liquidation price:</source>
        <translation>清算価格:</translation>
    </message>
    <message>
        <source>long</source>
        <translation>ロング</translation>
    </message>
    <message>
        <source>short</source>
        <translation>ショート</translation>
    </message>
    <message>
        <source>cross</source>
        <translation>クロス</translation>
    </message>
    <message>
        <source>isolated</source>
        <translation>分離</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>ColdSplit — error</source>
        <translation>ColdSplit — エラー</translation>
    </message>
</context>
<context>
    <name>EthAccountDialog</name>
    <message>
        <source>Create Ethereum account</source>
        <translation>Ethereum アカウントを作成</translation>
    </message>
    <message>
        <source>N in m/44h/60h/Nh: 0 is the first account; each number is a separate account</source>
        <translation>m/44h/60h/Nh の N:0 が最初のアカウントで、番号ごとに別のアカウントになります</translation>
    </message>
    <message>
        <source>BIP-44: m/44h/60h/Nh/0/i (Trezor, OneKey, MetaMask)</source>
        <translation>BIP-44:m/44h/60h/Nh/0/i(Trezor、OneKey、MetaMask)</translation>
    </message>
    <message>
        <source>Ledger Live: m/44h/60h/Nh/0/0, one address</source>
        <translation>Ledger Live:m/44h/60h/Nh/0/0、アドレスは 1 つ</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>Account number:</source>
        <translation>アカウント番号:</translation>
    </message>
    <message>
        <source>Address layout:</source>
        <translation>アドレスの配置:</translation>
    </message>
</context>
<context>
    <name>EthArrivals</name>
    <message>
        <source>waiting</source>
        <translation>入金待ち</translation>
    </message>
    <message>
        <source>received</source>
        <translation>着金（確定待ち）</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>承認済み</translation>
    </message>
    <message>
        <source>#{id} {status}: {received}/{expected} {symbol} at {address}</source>
        <translation>#{id} {status}: {address} に {received}/{expected} {symbol}</translation>
    </message>
    <message>
        <source>#{id} {status}: {received}/{expected} {symbol} at {address}, {deep} blocks deep</source>
        <translation>#{id} {status}: {address} に {received}/{expected} {symbol}（{deep} ブロックで確定）</translation>
    </message>
</context>
<context>
    <name>EthBox</name>
    <message>
        <source>Ethereum (ETH and stablecoins)</source>
        <translation>イーサリアム（ETH とステーブルコイン）</translation>
    </message>
    <message>
        <source>Not read yet.</source>
        <translation>まだ読み込んでいません。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Sync with the chain</source>
        <translation>チェーンと同期</translation>
    </message>
    <message>
        <source>Receive demo ETH</source>
        <translation>デモ ETH を受け取る</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>資産</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>残高</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>From / to</source>
        <translation>送金元 / 送金先</translation>
    </message>
    <message>
        <source>Confirmations</source>
        <translation>承認数</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>トランザクション</translation>
    </message>
    <message>
        <source>send to (0x… address)</source>
        <translation>送金先（0x… アドレス）</translation>
    </message>
    <message>
        <source>amount, e.g. 0.5</source>
        <translation>金額（例: 0.5）</translation>
    </message>
    <message>
        <source>Asset to send</source>
        <translation>送る資産</translation>
    </message>
    <message>
        <source>Review and sign on device</source>
        <translation>確認してデバイスで署名</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>同期中…</translation>
    </message>
    <message>
        <source>Verify the Ethereum address on the device and refresh first.</source>
        <translation>先にデバイスでイーサリアムアドレスを確認し、再表示してください。</translation>
    </message>
    <message>
        <source>Sign this transfer?</source>
        <translation>この送金に署名しますか？</translation>
    </message>
    <message>
        <source>Check every line, then confirm the same on the device:

{0}</source>
        <translation>すべての行を確認し、デバイスでも同じ内容を承認してください:

{0}</translation>
    </message>
    <message>
        <source>Check every line; the signing machine will show the same before its device signs:

{0}</source>
        <translation>すべての行を確認してください。署名するマシンも、そのデバイスで署名する前に同じ内容を表示します:

{0}</translation>
    </message>
    <message>
        <source>Show this transfer to the signing machine?</source>
        <translation>この送金を署名用のマシンに表示しますか？</translation>
    </message>
    <message>
        <source>Connect the device first.</source>
        <translation>先にデバイスを接続してください。</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>未承認</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>承認済み</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>received by a contract call (internal transaction)</source>
        <translation>コントラクト呼び出しで受け取り（内部トランザクション）</translation>
    </message>
    <message>
        <source>received by a contract call, details unavailable from this node</source>
        <translation>コントラクト呼び出しで受け取り（このノードからは詳細不明）</translation>
    </message>
    <message>
        <source>left the address outside any transaction this node shows</source>
        <translation>このノードが示すトランザクション以外でアドレスから出金</translation>
    </message>
    <message>
        <source>{0} on {1}</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>未同期</translation>
    </message>
    <message>
        <source>balances read {0}</source>
        <translation>残高の読み込み: {0}</translation>
    </message>
    <message>
        <source>last sync failed: {0}</source>
        <translation>前回の同期に失敗: {0}</translation>
    </message>
</context>
<context>
    <name>EthQrRow</name>
    <message>
        <source>Sign air-gapped: show as QR…</source>
        <translation>オフラインで署名：QR で表示…</translation>
    </message>
    <message>
        <source>Review the transfer, then show it as QR codes to a signing machine that has no network</source>
        <translation>送金を確認してから、ネットワークのない署名用マシンに QR コードで見せます</translation>
    </message>
    <message>
        <source>Scan the signature…</source>
        <translation>署名を読み取る…</translation>
    </message>
    <message>
        <source>Scan a transfer to sign…</source>
        <translation>署名する送金を読み取る…</translation>
    </message>
    <message>
        <source>On the signing machine: read a transfer from QR codes, review it, sign on the device</source>
        <translation>署名用マシンで：QR コードから送金を読み取り、確認し、デバイスで署名します</translation>
    </message>
    <message>
        <source>Ethereum transfer to sign, as QR codes</source>
        <translation>署名する Ethereum 送金の QR コード</translation>
    </message>
    <message>
        <source>Scan the signature (ur:eth-signature)</source>
        <translation>署名を読み取る (ur:eth-signature)</translation>
    </message>
    <message>
        <source>Scan a transfer to sign (ur:eth-sign-request)</source>
        <translation>署名する送金を読み取る (ur:eth-sign-request)</translation>
    </message>
    <message>
        <source>Connect the device first.</source>
        <translation>先にデバイスを接続してください。</translation>
    </message>
    <message>
        <source>Signature, as QR codes: show it to the online machine</source>
        <translation>署名の QR コード：オンラインのマシンに見せてください</translation>
    </message>
    <message>
        <source>Images of QR codes</source>
        <translation>QR コードの画像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.gif *.bmp)</source>
        <translation>画像 (*.png *.jpg *.jpeg *.gif *.bmp)</translation>
    </message>
</context>
<context>
    <name>ExpectForm</name>
    <message>
        <source>Deposit expected at</source>
        <translation>入金先</translation>
    </message>
    <message>
        <source>expected amount, e.g. 1.5</source>
        <translation>予定金額（例: 1.5）</translation>
    </message>
    <message>
        <source>Asset expected</source>
        <translation>入金予定の資産</translation>
    </message>
    <message>
        <source> blocks</source>
        <translation> ブロック</translation>
    </message>
    <message>
        <source>Blocks deep before it is confirmed</source>
        <translation>確定とみなすまでのブロック数</translation>
    </message>
    <message>
        <source>Expect deposit</source>
        <translation>入金予定を登録</translation>
    </message>
    <message>
        <source>Expect a deposit:</source>
        <translation>入金予定:</translation>
    </message>
    <message>
        <source>Verify the Ethereum address on the device and refresh first.</source>
        <translation>先にデバイスでイーサリアムアドレスを確認し、再表示してください。</translation>
    </message>
    <message>
        <source>Type the amount you expect, e.g. 1.5.</source>
        <translation>予定金額を入力してください（例: 1.5）。</translation>
    </message>
    <message>
        <source>Recording the expected deposit…</source>
        <translation>入金予定を記録しています…</translation>
    </message>
    <message>
        <source>Expecting {0}</source>
        <translation>入金予定: {0}</translation>
    </message>
</context>
<context>
    <name>ImportCsvDialog</name>
    <message>
        <source>Import holdings CSV</source>
        <translation>保有資産 CSV を取り込む</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>ファイル:</translation>
    </message>
    <message>
        <source>Account name:</source>
        <translation>口座名:</translation>
    </message>
    <message>
        <source>Venue:</source>
        <translation>取引所:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ColdSplit — DEMO</source>
        <translation>ColdSplit — DEMO</translation>
    </message>
    <message>
        <source>ColdSplit</source>
        <translation>ColdSplit</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Trading</source>
        <translation>取引</translation>
    </message>
    <message>
        <source>Cold storage</source>
        <translation>コールドストレージ</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>リスク</translation>
    </message>
    <message>
        <source>Advice</source>
        <translation>アドバイス</translation>
    </message>
    <message>
        <source>PSBT</source>
        <translation>PSBT</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Software device</source>
        <translation>ソフトウェアデバイス</translation>
    </message>
    <message>
        <source>On a {0}, NO on the address screen only shows a QR code. If the address differs, press Cancel here. The address is recorded only when the device answers YES to this request and you then confirm here that it showed exactly this address.</source>
        <translation>{0} では、アドレス画面の NO は QR コードを表示するだけです。アドレスが異なる場合は、ここで「キャンセル」を押してください。アドレスは、この要求にデバイスが YES と答え、さらにデバイスがこのアドレスをそのまま表示したことをここで確認した場合にのみ記録されます。</translation>
    </message>
    <message>
        <source>If anything differs, reject it on the device or press Cancel here: nothing is recorded then.</source>
        <translation>異なる点があれば、デバイスで拒否するか、ここで「キャンセル」を押してください。その場合は何も記録されません。</translation>
    </message>
    <message>
        <source>Does the address match?</source>
        <translation>アドレスは一致していますか？</translation>
    </message>
    <message>
        <source>Did the device show exactly this address at %1?</source>
        <translation>デバイスは %1 でこのアドレスとまったく同じものを表示しましたか？</translation>
    </message>
    <message>
        <source>It matches</source>
        <translation>一致している</translation>
    </message>
    <message>
        <source>It differs</source>
        <translation>異なる</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>No advice yet: load trading accounts and compute it.</source>
        <translation>アドバイスはまだありません。取引口座を読み込んで計算してください。</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>合計:</translation>
    </message>
    <message>
        <source>On exchanges / in cold storage:</source>
        <translation>取引所 / コールドストレージ:</translation>
    </message>
    <message>
        <source>Survives a BTC drawdown of:</source>
        <translation>耐えられる BTC の下落率:</translation>
    </message>
    <message>
        <source>Top advice:</source>
        <translation>最優先のアドバイス:</translation>
    </message>
    <message>
        <source>Trading vs cold (USD)</source>
        <translation>取引所とコールドの比較（USD）</translation>
    </message>
    <message>
        <source>exchanges</source>
        <translation>取引所</translation>
    </message>
    <message>
        <source>cold storage</source>
        <translation>コールドストレージ</translation>
    </message>
    <message>
        <source>No advice yet for these holdings: compute it on the Advice page.</source>
        <translation>この保有資産のアドバイスはまだありません。「アドバイス」ページで計算してください。</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>nothing liquidated up to the largest drawdown tested</source>
        <translation>検証した最大の下落率まで清算はありません</translation>
    </message>
    <message>
        <source>{0} (without the cascade: {1})</source>
        <translation>{0}（連鎖清算なしでは {1}）</translation>
    </message>
    <message>
        <source>initial BTC shock, {0}–{1} across the calibrated ensemble (P10–P90)</source>
        <translation>BTC の初期ショック。較正済みアンサンブルでは {0}〜{1}（P10〜P90）</translation>
    </message>
    <message>
        <source>— BTC then settles {0} down</source>
        <translation>— その後 BTC は {0} 下落して落ち着く</translation>
    </message>
    <message>
        <source>Move {0} {1} from {2} to cold storage: {3}</source>
        <translation>{2} から {0} {1} をコールドストレージへ移動: {3}</translation>
    </message>
    <message>
        <source>Across the calibrated ensemble the transfers come to {0}–{1} (P10–P90).</source>
        <translation>較正済みアンサンブル全体では、移動額の合計は {0}–{1} です (P10–P90)。</translation>
    </message>
    <message>
        <source>Across the calibrated ensemble the cut runs {0}–{1} (P10–P90).</source>
        <translation>較正済みアンサンブル全体では、削減幅は {0}–{1} です (P10–P90)。</translation>
    </message>
    <message>
        <source>Nothing needs to move under this stress.</source>
        <translation>このストレス条件では移動は不要です。</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Passphrase</source>
        <translation>パスフレーズ</translation>
    </message>
    <message>
        <source>A passphrase opens a different wallet. An empty passphrase opens the standard one.</source>
        <translation>パスフレーズごとに別のウォレットが開きます。空のパスフレーズでは標準のウォレットが開きます。</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>パスフレーズ:</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>もう一度:</translation>
    </message>
    <message>
        <source>Type it on the device instead</source>
        <translation>デバイス上で入力する</translation>
    </message>
    <message>
        <source>The two entries differ.</source>
        <translation>2 つの入力が一致しません。</translation>
    </message>
</context>
<context>
    <name>PinMatrixDialog</name>
    <message>
        <source>Enter PIN</source>
        <translation>PIN を入力</translation>
    </message>
    <message>
        <source>Enter the PIN: click the positions of its digits as the device shows them.</source>
        <translation>PIN を入力: デバイスに表示された数字の位置をクリックしてください。</translation>
    </message>
    <message>
        <source>Choose a new PIN: click the positions of its digits as the device shows them.</source>
        <translation>新しい PIN を決めてください: デバイスに表示された数字の位置をクリックしてください。</translation>
    </message>
    <message>
        <source>Enter the new PIN again.</source>
        <translation>新しい PIN をもう一度入力してください。</translation>
    </message>
    <message>
        <source>Enter the wipe code.</source>
        <translation>ワイプコードを入力してください。</translation>
    </message>
    <message>
        <source>(attempt {0})</source>
        <translation>（{0} 回目）</translation>
    </message>
    <message>
        <source>PIN entered so far</source>
        <translation>入力済みの PIN</translation>
    </message>
    <message>
        <source>position {0}</source>
        <translation>位置 {0}</translation>
    </message>
    <message>
        <source>Delete last</source>
        <translation>1 文字削除</translation>
    </message>
</context>
<context>
    <name>PsbtPage</name>
    <message>
        <source>PSBT</source>
        <translation>PSBT</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>ファイルを開く…</translation>
    </message>
    <message>
        <source>Paste a PSBT (base64 or hex) here, or drop a file on this page</source>
        <translation>PSBT（base64 または hex）をここに貼り付けるか、ファイルをこのページにドロップしてください</translation>
    </message>
    <message>
        <source>Load pasted</source>
        <translation>貼り付けを読み込む</translation>
    </message>
    <message>
        <source>Scan QR…</source>
        <translation>QR を読み取る…</translation>
    </message>
    <message>
        <source>Read a PSBT from QR codes: the camera, or pictures or screenshots of the frames</source>
        <translation>QR コードから PSBT を読み取ります：カメラ、またはフレームの写真やスクリーンショット</translation>
    </message>
    <message>
        <source>Build a spend from the demo coins</source>
        <translation>デモ用コインから送金を作成</translation>
    </message>
    <message>
        <source>pay to (testnet address)</source>
        <translation>送金先（テストネットのアドレス）</translation>
    </message>
    <message>
        <source>Amount in BTC</source>
        <translation>金額（BTC）</translation>
    </message>
    <message>
        <source>Number of demo coins to spend</source>
        <translation>使うデモ用コインの数</translation>
    </message>
    <message>
        <source>Build PSBT</source>
        <translation>PSBT を作成</translation>
    </message>
    <message>
        <source>BTC:</source>
        <translation>BTC:</translation>
    </message>
    <message>
        <source>coins:</source>
        <translation>コイン数:</translation>
    </message>
    <message>
        <source>No PSBT loaded.</source>
        <translation>PSBT が読み込まれていません。</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Amount (BTC)</source>
        <translation>金額（BTC）</translation>
    </message>
    <message>
        <source>Ownership</source>
        <translation>所有</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>PSBT review</source>
        <translation>PSBT の確認</translation>
    </message>
    <message>
        <source>Sign on device</source>
        <translation>デバイスで署名</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Copy base64</source>
        <translation>base64 をコピー</translation>
    </message>
    <message>
        <source>Finalize</source>
        <translation>ファイナライズ</translation>
    </message>
    <message>
        <source>Broadcast</source>
        <translation>ブロードキャスト</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>QR コード</translation>
    </message>
    <message>
        <source>The final transaction appears here after Finalize.</source>
        <translation>ファイナライズ後、完成したトランザクションがここに表示されます。</translation>
    </message>
    <message>
        <source>PSBT tools are not available.</source>
        <translation>PSBT ツールを利用できません。</translation>
    </message>
    <message>
        <source>Open PSBT</source>
        <translation>PSBT を開く</translation>
    </message>
    <message>
        <source>PSBT (*.psbt);;All files (*)</source>
        <translation>PSBT (*.psbt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>The amount must be a number of BTC, e.g. 0.01</source>
        <translation>金額は BTC の数値で入力してください（例: 0.01）</translation>
    </message>
    <message>
        <source>input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>output</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>ours</source>
        <translation>自分のもの</translation>
    </message>
    <message>
        <source>not ours</source>
        <translation>他人のもの</translation>
    </message>
    <message>
        <source>change</source>
        <translation>おつり</translation>
    </message>
    <message>
        <source>receive</source>
        <translation>受取</translation>
    </message>
    <message>
        <source>external</source>
        <translation>外部</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>署名済み</translation>
    </message>
    <message>
        <source>final</source>
        <translation>確定</translation>
    </message>
    <message>
        <source>Images of QR codes</source>
        <translation>QR コードの画像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.gif *.bmp)</source>
        <translation>画像 (*.png *.jpg *.jpeg *.gif *.bmp)</translation>
    </message>
    <message>
        <source>Sent: transaction {0} was handed to the chain backend.</source>
        <translation>送信しました: トランザクション {0} をチェーンのバックエンドに渡しました。</translation>
    </message>
    <message>
        <source>transaction ID {0} on {1}; fee {2} BTC ({3} sat/vB); {4} of {5} inputs signed</source>
        <translation>トランザクション ID {0}（{1}）、手数料 {2} BTC（{3} sat/vB）、入力 {5} 件中 {4} 件署名済み</translation>
    </message>
    <message>
        <source>Save PSBT</source>
        <translation>PSBT を保存</translation>
    </message>
    <message>
        <source>Binary PSBT (*.psbt);;Base64 text (*.txt)</source>
        <translation>バイナリ PSBT (*.psbt);;Base64 テキスト (*.txt)</translation>
    </message>
</context>
<context>
    <name>QrScanDialog</name>
    <message>
        <source>Scan a PSBT QR code</source>
        <translation>PSBT の QR コードを読み取る</translation>
    </message>
    <message>
        <source>Show the QR code to the camera.</source>
        <translation>QR コードをカメラに見せてください。</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>最初からやり直す</translation>
    </message>
    <message>
        <source>Ignored a frame of another QR series ({0}). Start over to scan that one.</source>
        <translation>別の QR シリーズのフレームを無視しました（{0}）。そちらを読み取るには最初からやり直してください。</translation>
    </message>
    <message>
        <source>Ignored an unusable QR code: {0}</source>
        <translation>使えない QR コードを無視しました：{0}</translation>
    </message>
    <message>
        <source>{0}: {1} of {2} parts ({3} frames read)</source>
        <translation>{0}：{2} パート中 {1}（{3} フレーム読み取り）</translation>
    </message>
</context>
<context>
    <name>ReplayTable</name>
    <message>
        <source>Recorded figure</source>
        <translation>記録された数値</translation>
    </message>
    <message>
        <source>Recorded range</source>
        <translation>記録の範囲</translation>
    </message>
    <message>
        <source>Model, held out</source>
        <translation>モデル（ホールドアウト）</translation>
    </message>
    <message>
        <source>In sample</source>
        <translation>サンプル内</translation>
    </message>
    <message>
        <source>Ensemble P10–P90</source>
        <translation>アンサンブル P10–P90</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>How this crash replays</source>
        <translation>この暴落の再現</translation>
    </message>
    <message>
        <source>    of which {0}</source>
        <translation>    うち {0}</translation>
    </message>
    <message>
        <source>the alt basket</source>
        <translation>アルトコインのバスケット</translation>
    </message>
    <message>
        <source>Long liquidations, all venues</source>
        <translation>ロングの清算額（全取引所）</translation>
    </message>
    <message>
        <source>{0}&apos;s fall</source>
        <translation>{0} の下落率</translation>
    </message>
    <message>
        <source>Depth left on {0}&apos;s book</source>
        <translation>{0} の板に残った厚み</translation>
    </message>
    <message>
        <source>inside the range</source>
        <translation>範囲内</translation>
    </message>
    <message>
        <source>outside the range by {0}</source>
        <translation>範囲外（{0}）</translation>
    </message>
    <message>
        <source>input: the shock is solved to reproduce it, not a check</source>
        <translation>入力値：ショックをこの値に合わせて解いているため、検証ではありません</translation>
    </message>
    <message>
        <source>not a check: it restates κ and w_min at that fall</source>
        <translation>検証ではありません：その下落での板の減衰パラメータ（κ と残る厚みの下限）を言い直しただけです</translation>
    </message>
    <message>
        <source>Fitted on the other crashes, the model puts {0} of this crash&apos;s {1} recorded figures inside their ranges</source>
        <translation>ほかの暴落だけで当てはめたモデルは、この暴落の記録された数値 {1} 個のうち {0} 個を範囲内に再現します</translation>
    </message>
    <message>
        <source>; its crowd is set for this crash alone, so a match means consistent, not validated</source>
        <translation>。ただし建玉の分布はこの暴落専用の設定なので、一致は「矛盾しない」という意味で、検証済みではありません</translation>
    </message>
    <message>
        <source> (tab “How this crash replays”).</source>
        <translation>（「この暴落の再現」タブ）。</translation>
    </message>
</context>
<context>
    <name>RiskPage</name>
    <message>
        <source>Risk</source>
        <translation>リスク</translation>
    </message>
    <message>
        <source>Crash preset:</source>
        <translation>暴落プリセット:</translation>
    </message>
    <message>
        <source>Crash preset</source>
        <translation>暴落プリセット</translation>
    </message>
    <message>
        <source>BTC drawdown:</source>
        <translation>BTC の下落率:</translation>
    </message>
    <message>
        <source>BTC drawdown</source>
        <translation>BTC の下落率</translation>
    </message>
    <message>
        <source>Survives a BTC drawdown of (with / without cascade):</source>
        <translation>耐えられる BTC の下落率（連鎖あり / なし）:</translation>
    </message>
    <message>
        <source>Cascade amplification:</source>
        <translation>連鎖による増幅:</translation>
    </message>
    <message>
        <source>At the slider:</source>
        <translation>スライダーの位置では:</translation>
    </message>
    <message>
        <source>This crash, replayed:</source>
        <translation>この暴落の再現:</translation>
    </message>
    <message>
        <source>Curve up to:</source>
        <translation>曲線の範囲:</translation>
    </message>
    <message>
        <source>Largest BTC drawdown on the curve</source>
        <translation>曲線に含める最大の BTC 下落率</translation>
    </message>
    <message>
        <source>Advice stress: custom BTC drawdown</source>
        <translation>アドバイスのストレス: BTC 下落率を指定</translation>
    </message>
    <message>
        <source>safety buffer:</source>
        <translation>安全マージン:</translation>
    </message>
    <message>
        <source>Liquidated share of exchange margin</source>
        <translation>取引所証拠金のうち清算される割合</translation>
    </message>
    <message>
        <source>BTC drawdown (%)</source>
        <translation>BTC の下落率（%）</translation>
    </message>
    <message>
        <source>with cascade</source>
        <translation>連鎖清算あり</translation>
    </message>
    <message>
        <source>without cascade</source>
        <translation>連鎖清算なし</translation>
    </message>
    <message>
        <source>Settled BTC price</source>
        <translation>落ち着いた BTC 価格</translation>
    </message>
    <message>
        <source>Crowd liquidation ladder (longs / shorts)</source>
        <translation>市場参加者の清算価格分布（ロング / ショート）</translation>
    </message>
    <message>
        <source>BTC price (USD)</source>
        <translation>BTC 価格（USD）</translation>
    </message>
    <message>
        <source>longs</source>
        <translation>ロング</translation>
    </message>
    <message>
        <source>shorts</source>
        <translation>ショート</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>シグナル</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>読み取り</translation>
    </message>
    <message>
        <source>Fragility signals</source>
        <translation>市場の脆弱性シグナル</translation>
    </message>
    <message>
        <source>Positions liquidated at the slider</source>
        <translation>スライダーの位置で清算されるポジション</translation>
    </message>
    <message>
        <source>Crowd liquidation ladder</source>
        <translation>市場参加者の清算価格分布</translation>
    </message>
    <message>
        <source>How this crash replays</source>
        <translation>この暴落の再現</translation>
    </message>
    <message>
        <source>with cascade, P10–P90 over the calibrated ensemble</source>
        <translation>連鎖清算あり、較正済みアンサンブルの P10〜P90</translation>
    </message>
    <message>
        <source>Black Thursday: the COVID crash</source>
        <translation>ブラックサーズデー: コロナ暴落</translation>
    </message>
    <message>
        <source>5/19: China&apos;s warning and the 30% day</source>
        <translation>5/19: 中国の警告と 30% 下落の日</translation>
    </message>
    <message>
        <source>10/10: the tariff shock, the largest liquidation day on record</source>
        <translation>10/10: 関税ショック、史上最大の清算日</translation>
    </message>
    <message>
        <source>Bloody Saturday: the largest liquidation day since 10/10</source>
        <translation>血の土曜日: 10/10 以来最大の清算日</translation>
    </message>
    <message>
        <source>None of your trading accounts is loaded yet: add or refresh one on the Trading page, and this page shows how your own positions fare in the crash.</source>
        <translation>取引アカウントはまだ読み込まれていません。「取引」ページでアカウントを追加または更新すると、このページにあなた自身のポジションが暴落でどうなるかが表示されます。</translation>
    </message>
    <message>
        <source>— (nothing is liquidated on the curve, with or without the cascade)</source>
        <translation>—（連鎖清算の有無にかかわらず、曲線上で清算されるものはありません）</translation>
    </message>
    <message>
        <source>{0}× = the drawdown survived without the cascade ÷ with it ({1} ÷ {2}): how much sooner the cascade starts liquidating</source>
        <translation>{0}× = 連鎖清算なしで耐えられる下落率 ÷ ありで耐えられる下落率（{1} ÷ {2}）: 連鎖清算によって清算がどれだけ早く始まるか</translation>
    </message>
    <message>
        <source>; at {0} it liquidates {1} of exchange margin instead of {2}</source>
        <translation>。{0} の下落では取引所証拠金の {2} ではなく {1} が清算されます</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>(initial shock; P10–P90 {0}–{1})</source>
        <translation>（初期ショック。P10〜P90 {0}〜{1}）</translation>
    </message>
    <message>
        <source>— BTC then settles {0} down</source>
        <translation>— その後 BTC は {0} 下落して落ち着く</translation>
    </message>
    <message>
        <source>Tipping point: between a {0} and a {1} shock BTC&apos;s settled fall jumps from {2} to {3}.</source>
        <translation>転換点：ショックが {0} から {1} の間で、BTC の最終的な下落は {2} から {3} へ跳ね上がります。</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>calibrated, not data</source>
        <translation>較正値（データではない）</translation>
    </message>
    <message>
        <source>{0} of exchange margin liquidated ({1} without the cascade); BTC settles at ${2}</source>
        <translation>取引所証拠金の {0} が清算（連鎖なしでは {1}）。BTC は ${2} で落ち着きます</translation>
    </message>
    <message>
        <source>nothing is liquidated</source>
        <translation>清算されるものはありません</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>electrum: ssl://host:50002 or esplora: https://host/api</source>
        <translation>electrum: ssl://host:50002 または esplora: https://host/api</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>システムに従う</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>Demo (software device, testnet, sample data)</source>
        <translation>デモ（ソフトウェアデバイス、テストネット、サンプルデータ）</translation>
    </message>
    <message>
        <source>Live (your devices and accounts)</source>
        <translation>本番（ご自身のデバイスと口座）</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>ネットワーク:</translation>
    </message>
    <message>
        <source>Chain backend:</source>
        <translation>チェーンのバックエンド:</translation>
    </message>
    <message>
        <source>Ethereum endpoint:</source>
        <translation>イーサリアムのエンドポイント:</translation>
    </message>
    <message>
        <source>Ethereum network:</source>
        <translation>イーサリアムのネットワーク:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>テーマ:</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>モード:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>データフォルダー:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Language, network and mode take effect at the next start.</source>
        <translation>言語、ネットワーク、モードは次回の起動時に反映されます。</translation>
    </message>
    <message>
        <source>https://host:8545 or http://127.0.0.1:8545 (empty: no Ethereum endpoint)</source>
        <translation>https://host:8545 または http://127.0.0.1:8545 （空欄: イーサリアムのエンドポイントなし）</translation>
    </message>
</context>
<context>
    <name>SoftwareDevicePanel</name>
    <message>
        <source>Software device (demo, testnet)</source>
        <translation>ソフトウェアデバイス（デモ、テストネット）</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒否</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>Nothing to confirm.</source>
        <translation>確認するものはありません。</translation>
    </message>
</context>
<context>
    <name>TradingPage</name>
    <message>
        <source>Trading</source>
        <translation>取引</translation>
    </message>
    <message>
        <source>Load the sample trading accounts</source>
        <translation>サンプルの取引口座を読み込む</translation>
    </message>
    <message>
        <source>Open holdings file…</source>
        <translation>保有資産ファイルを開く…</translation>
    </message>
    <message>
        <source>Import exchange CSV…</source>
        <translation>取引所の CSV を取り込む…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>No trading accounts loaded.</source>
        <translation>取引口座が読み込まれていません。</translation>
    </message>
    <message>
        <source>Accounts and balances</source>
        <translation>口座と残高</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>場所</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>口座</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>評価額</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>ポジション</translation>
    </message>
    <message>
        <source>Market value: coins at the mark, positions&apos; PnL, isolated margins</source>
        <translation>時価：コインはマーク価格で評価し、ポジションの損益と分離マージンを含む</translation>
    </message>
    <message>
        <source>Equity</source>
        <translation>証拠金残高</translation>
    </message>
    <message>
        <source>Collateral at the venue&apos;s haircuts, plus PnL and isolated margins</source>
        <translation>取引所のヘアカット後の担保、損益、分離マージンの合計</translation>
    </message>
    <message>
        <source>Maint. margin</source>
        <translation>維持証拠金</translation>
    </message>
    <message>
        <source>Maintenance margin of every position, by the venue&apos;s rule</source>
        <translation>全ポジションの維持証拠金（取引所のルールによる）</translation>
    </message>
    <message>
        <source>Margin ratio</source>
        <translation>証拠金率</translation>
    </message>
    <message>
        <source>Cross maintenance margin / cross equity; the venue liquidates at 100%</source>
        <translation>クロス維持証拠金 ÷ クロス証拠金残高。100% で取引所が清算します</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>資産</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>モード</translation>
    </message>
    <message>
        <source>Cross: shares the account&apos;s margin; isolated: its own margin</source>
        <translation>クロス：口座の証拠金を共有。分離：ポジション専用の証拠金</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Coins</source>
        <translation>コイン数</translation>
    </message>
    <message>
        <source>Notional</source>
        <translation>想定元本</translation>
    </message>
    <message>
        <source>Size × mark, USD</source>
        <translation>数量 × マーク価格（USD）</translation>
    </message>
    <message>
        <source>Leverage</source>
        <translation>レバレッジ</translation>
    </message>
    <message>
        <source>Notional / margin</source>
        <translation>想定元本 ÷ 証拠金</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>建値</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>マーク価格</translation>
    </message>
    <message>
        <source>Liq. price</source>
        <translation>清算価格</translation>
    </message>
    <message>
        <source>Liquidation price by the venue&apos;s own rule, other prices held</source>
        <translation>取引所自身のルールによる清算価格（他の価格は据え置き）</translation>
    </message>
    <message>
        <source>To liq.</source>
        <translation>清算まで</translation>
    </message>
    <message>
        <source>How far the mark may move against the position before liquidation</source>
        <translation>清算までにマーク価格が不利な方向へ動ける幅</translation>
    </message>
    <message>
        <source>Unrealised PnL</source>
        <translation>未実現損益</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>証拠金</translation>
    </message>
    <message>
        <source>Isolated: its own margin; cross: the account&apos;s equity split by notional</source>
        <translation>分離：専用の証拠金。クロス：口座の証拠金残高を想定元本で按分</translation>
    </message>
    <message>
        <source>Maintenance margin by the venue&apos;s rule</source>
        <translation>取引所のルールによる維持証拠金</translation>
    </message>
    <message>
        <source>Holdings are not available.</source>
        <translation>保有資産を利用できません。</translation>
    </message>
    <message>
        <source>Open holdings</source>
        <translation>保有資産を開く</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Import holdings CSV</source>
        <translation>保有資産 CSV を取り込む</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Reading the exchange accounts…</source>
        <translation>取引所の口座を読み込んでいます…</translation>
    </message>
    <message>
        <source>{0}: {1} on exchanges, {2} in cold storage ({3} of the total {4} on exchanges)</source>
        <translation>{0}: 取引所に {1}、コールドストレージに {2}（合計 {4} のうち {3} が取引所）</translation>
    </message>
    <message>
        <source>exchange</source>
        <translation>取引所</translation>
    </message>
    <message>
        <source>cold storage</source>
        <translation>コールドストレージ</translation>
    </message>
    <message>
        <source>long</source>
        <translation>ロング</translation>
    </message>
    <message>
        <source>short</source>
        <translation>ショート</translation>
    </message>
    <message>
        <source>cross</source>
        <translation>クロス</translation>
    </message>
    <message>
        <source>isolated</source>
        <translation>分離</translation>
    </message>
</context>
</TS>
